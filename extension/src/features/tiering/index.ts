// The tiering feature's front door for other features: the lightbox's "Keep warm" toggle.
export { KeepWarmButton } from './KeepWarmButton';
export { type KeepWarmState, keepWarmState, setKeepWarm } from './keep-warm';
