import { once } from 'node:events';
import { createServer } from 'node:net';
import { freePort } from './app-process';

describe('freePort', () => {
  it('returns a port that can be listened on right away', async () => {
    const port = await freePort();
    const server = createServer().listen(port, '127.0.0.1');

    await once(server, 'listening');
    server.close();
    await once(server, 'close');
  });
});
