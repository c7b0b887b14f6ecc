/**
 * Runs in the page (pass it to `evaluate`): plays the video `selector` names, muted, until its time has moved, and
 * answers what played. The demo MP4s last 0.17 s: playing means time moved past half of it (or it ended).
 */
export async function playInPage(selector: string): Promise<{ src: string; width: number; time: number }> {
  const el = document.querySelector<HTMLVideoElement>(selector);
  if (!el) throw new Error(`no video at ${selector}`);
  el.muted = true;
  await el.play();
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no progress: ${el.error?.message ?? el.readyState}`)), 20_000);
    const moved = () => el.ended || el.currentTime >= Math.min(0.2, el.duration / 2);
    const tick = () => (moved() ? (clearTimeout(t), resolve()) : setTimeout(tick, 50));
    tick();
  });
  el.pause();
  return { src: el.currentSrc, width: el.videoWidth, time: el.currentTime };
}
