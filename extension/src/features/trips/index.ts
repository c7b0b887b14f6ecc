export { toPlaced } from './proposals';
export { TripSuggestions } from './TripSuggestions';
