import { KeyedMutex } from './keyed-mutex';

describe('KeyedMutex', () => {
  it('runs work for one key strictly in order, and other keys concurrently', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let releaseA!: () => void;
    const gateA = new Promise<void>((r) => (releaseA = r));
    const a1 = mutex.run('a', async () => {
      log.push('a1 start');
      await gateA;
      log.push('a1 end');
    });
    const a2 = mutex.run('a', async () => {
      log.push('a2');
    });
    const b1 = mutex.run('b', async () => {
      log.push('b1');
    });
    await b1;
    expect(log).toEqual(['a1 start', 'b1']);
    releaseA();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('keeps going after a failure and reports it to the caller', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('k', async () => 42)).resolves.toBe(42);
  });
});
