/** The message router every feature registers its protocol on, the one `ask`, and the sender policies. */
export * from './router';
