import { ask } from '../../protocol';

/** After consent, resume or retry: the background opens its runner if there is work (it also re-checks on an alarm). */
export function kickVisionRunner(): void {
  void ask('vision.kick').catch((e: unknown) => console.warn('Hypomos: vision runner not started', e));
}
