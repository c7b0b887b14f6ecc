/** The message router every feature registers on, its sender policies, and the sources' message schemas. */
export * from './router';
export * from './schema';
