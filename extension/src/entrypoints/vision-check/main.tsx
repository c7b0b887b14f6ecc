import '@hypomos/shared/ui/tokens.css';
import '../../ui/tokens.css';
import '../dashboard/dashboard.css';
import { type CheckImage, runVisionCheck } from '../../features/vision/check';
import { mountVisionLab } from '../../features/vision/lab';

// Exposed for the e2e tests and the benchmark, which pass loopback image URLs and read the result.
declare global {
  interface Window {
    hypomosVisionCheck?: typeof runVisionCheck;
    hypomosVisionLab?: (images: CheckImage[]) => Promise<void>;
    hypomosVisionLabState?: Awaited<ReturnType<typeof mountVisionLab>>;
  }
}

window.hypomosVisionCheck = async (images: CheckImage[], opts?: { workers?: number }) => {
  const status = document.getElementById('status');
  if (status) status.textContent = `analysing ${images.length} images…`;
  const result = await runVisionCheck(images, opts);
  if (status) status.textContent = `done: ${result.progress.done} analysed, ${result.progress.failed} failed`;
  return result;
};

window.hypomosVisionLab = async (images: CheckImage[]) => {
  const root = document.getElementById('lab');
  if (!root) throw new Error('no #lab element');
  window.hypomosVisionLabState = await mountVisionLab(root, images);
};
