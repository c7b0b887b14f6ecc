import { db } from '../../db';
import { type RunnerPageState, runVisionDocument } from '../../features/vision/runner-page';

declare global {
  interface Window {
    hypomosVisionRunner?: RunnerPageState;
  }
}

const state: RunnerPageState = { phase: 'running', runs: 0, images: 0, error: null };
window.hypomosVisionRunner = state;
void runVisionDocument(db, state);
