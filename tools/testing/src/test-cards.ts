/**
 * The workspace's test card numbers, for every package's tests. They are defined once, in
 * `@switchyard/contracts` (`examples.TEST_CARDS`: shipped test data other packages already use),
 * and re-exported here so tests outside contracts have one obvious place to take them from.
 */
import { examples } from '@switchyard/contracts';

export const TEST_CARDS = examples.TEST_CARDS;
export const NOT_LUHN_VALID_PAN = examples.NOT_LUHN_VALID_PAN;
export const TEST_TRACKS = examples.TEST_TRACKS;
