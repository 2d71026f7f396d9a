/** Time is injectable (STYLE.md habit 7): services ask the Clock, tests provide a fixed one. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
