/** The operator event stream (Server-Sent Events of registry events). */
import { Module } from '@nestjs/common';
import { EventStreamService } from './event-stream.service';
import { EventsController } from './events.controller';

@Module({ controllers: [EventsController], providers: [EventStreamService], exports: [EventStreamService] })
export class EventsModule {}
