/**
 * What differs between the hub's channels (email, phone), written as one entry per channel, so a
 * new channel in `CHANNELS` is a compile error in every place listed here until each handles it.
 * Code that needs a channel's own fields dispatches with {@link byChannel}; plain facts per channel
 * are a `Record<Channel, ...>` beside the code that uses them.
 */
import type { IntakeMessage } from './intake-message';
import type { Channel } from './taxonomy';

/** The intake message of one channel (`IntakeOf<'phone'>` is a phone log). */
export type IntakeOf<C extends Channel> = Extract<IntakeMessage, { channel: C }>;

/** One function per channel, each given that channel's intake. */
export type PerChannel<Result> = { readonly [C in Channel]: (intake: IntakeOf<C>) => Result };

/** Runs the function for the intake's channel. */
export function byChannel<Result>(intake: IntakeMessage, handlers: PerChannel<Result>): Result {
  switch (intake.channel) {
    case 'email':
      return handlers.email(intake);
    case 'phone':
      return handlers.phone(intake);
  }
}

/** How the hub names a contact by channel on the timeline: `Email from Jo`, `Phone call from Jo`. */
export const CONTACT_FROM: Readonly<Record<Channel, string>> = {
  email: 'Email from',
  phone: 'Phone call from',
};

/** How a caseworker's response reached the enquirer, after "Response by Sam". */
export const RESPONSE_SENT: Readonly<Record<Channel, string>> = {
  email: ', emailed to the enquirer',
  phone: '',
};
