import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckImage } from '../extension/src/features/vision/check';
import { corpora, openVisionCheck, serveFolder, type VisionSession } from './vision-support';

interface LabState {
  items: () => Promise<{ id: string; people: string[]; labels: string[]; unwanted: boolean }[]>;
  people: () => Promise<{ id: string; name: string | null }[]>;
}
declare global {
  interface Window {
    hypomosVisionLab?: (images: CheckImage[]) => Promise<void>;
    hypomosVisionLabState?: LabState;
  }
}

/**
 * The vision screens as a user meets them, in the built extension: switch vision on for a source through the consent
 * screen, watch the queue drain in real workers, name a person (search sees it), and resolve a duplicate. Six face
 * crops of two people (face-api.js set) and two byte-identical copies of one photo (imagededup), served on loopback.
 */
describe('vision: consent, progress, people and duplicates screens', () => {
  let session: VisionSession;
  let faces: Awaited<ReturnType<typeof serveFolder>>;
  let dedup: Awaited<ReturnType<typeof serveFolder>>;

  beforeAll(async () => {
    faces = await serveFolder(`${corpora}/faces-face-api-js`);
    dedup = await serveFolder(`${corpora}/dedup-imagededup`);
    session = await openVisionCheck();
  });
  afterAll(async () => {
    await session?.close();
    await Promise.all([faces?.close(), dedup?.close()]);
  });

  it('runs from consent to named people and a resolved duplicate', async () => {
    const crops = [
      'amy/amy1.png',
      'amy/amy2.png',
      'amy/amy3.png',
      'sheldon/sheldon1.png',
      'sheldon/sheldon2.png',
      'sheldon/sheldon3.png',
    ];
    const copies = ['base_images/ukbench09268.jpg', 'mixed_images/ukbench09268.jpg'];
    const sha = async (p: string) =>
      createHash('sha256')
        .update(await readFile(`${corpora}/dedup-imagededup/${p}`))
        .digest('hex');
    const images: CheckImage[] = [
      ...crops.map((p) => ({ id: p, url: `${faces.url}/${p}`, name: p })),
      ...(await Promise.all(
        copies.map(async (p) => ({ id: p, url: `${dedup.url}/${p}`, name: p, sha256: await sha(p) })),
      )),
    ];
    const page = session.page;
    await page.evaluate(
      (imgs) => (window.hypomosVisionLab as NonNullable<typeof window.hypomosVisionLab>)(imgs),
      images,
    );

    // Nothing runs before consent.
    await page.getByTestId('vision-optin-lab').click();
    await expect.poll(() => page.getByTestId('vision-consent').isVisible()).toBe(true);
    expect(await page.getByTestId('vision-optin-lab').isChecked()).toBe(false);
    expect(await page.getByTestId('vision-progress').count()).toBe(0);
    await page.getByTestId('vision-consent-accept').click();
    await expect.poll(() => page.getByTestId('vision-optin-lab').isChecked()).toBe(true);
    await expect
      .poll(() => page.getByTestId('vision-progress').textContent(), { timeout: 240_000, interval: 1000 })
      .toContain('8 of 8 analysed');

    // The crops form two people. Cards show a face crop, a name field and a photo count (no ids); opening one shows
    // its faces, each labelled with its photo's name.
    await expect.poll(() => page.getByTestId('person-card').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const back = () => page.getByTestId('person-view').getByRole('button', { name: 'People', exact: true }).click();
    const facesOf = async (card: number) => {
      await page
        .getByTestId('person-card')
        .nth(card)
        .getByRole('button', { name: /^Open / })
        .click();
      await page.getByTestId('face-tile').first().waitFor();
      await expect
        .poll(() => page.locator('[data-testid="face-tile"] .face-crop[data-loaded="1"]').count())
        .toBe(await page.getByTestId('face-tile').count());
      return page
        .getByTestId('face-tile')
        .locator('[role="img"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '').sort());
    };
    const groups: string[][] = [];
    for (let i = 0; i < (await page.getByTestId('person-card').count()); i++) {
      groups.push(await facesOf(i));
      await back();
    }
    const amy = groups.findIndex((g) => g.includes('Face in amy/amy1.png'));
    expect(groups[amy]).toEqual(['Face in amy/amy1.png', 'Face in amy/amy2.png', 'Face in amy/amy3.png']);
    expect(groups.find((g) => g.includes('Face in sheldon/sheldon1.png'))).toEqual([
      'Face in sheldon/sheldon1.png',
      'Face in sheldon/sheldon2.png',
      'Face in sheldon/sheldon3.png',
    ]);
    // Counts are photos, right for unnamed people too.
    expect(await page.getByTestId('person-card').nth(amy).getByTestId('person-count').textContent()).toBe('3 photos');

    // Naming a person inline reaches items.people, which search and dynamic collections read.
    await facesOf(amy);
    const view = page.getByTestId('person-view');
    await view.getByLabel('Name').fill('Leonard');
    await view.getByLabel('Name').press('Enter');
    const state = () => page.evaluate(() => (window.hypomosVisionLabState as LabState).items());
    await expect.poll(async () => (await state()).filter((i) => i.people.includes('Leonard')).length).toBe(3);
    const named = (await state()).filter((i) => i.people.includes('Leonard')).map((i) => i.id);
    expect(named.sort()).toEqual(['amy/amy1.png', 'amy/amy2.png', 'amy/amy3.png']);

    // Moving a face by its picture: select it, "Move to…", pick "A new person"; the toast's Undo puts it back.
    await view.getByLabel('Select the face in amy/amy3.png').check();
    await view.getByRole('button', { name: 'Move to…' }).click();
    await page.getByTestId('move-faces').getByRole('button', { name: 'A new person' }).click();
    await expect.poll(() => page.getByTestId('face-tile').count()).toBe(2);
    await expect
      .poll(async () => (await state()).find((i) => i.id === 'amy/amy3.png')?.people.includes('Leonard'))
      .toBe(false);
    await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByTestId('face-tile').count()).toBe(3);
    await expect.poll(async () => (await state()).filter((i) => i.people.includes('Leonard')).length).toBe(3);
    await back();

    // The two identical files form one group; keeping one marks the other unwanted.
    await expect.poll(() => page.getByTestId('dup-group').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('dup-group').getByRole('button', { name: 'Keep this one' }).first().click();
    await expect
      .poll(async () => (await state()).filter((i) => i.unwanted).map((i) => i.id))
      .toEqual(['mixed_images/ukbench09268.jpg']);
    await expect.poll(() => page.getByTestId('dup-group').count()).toBe(0);
  }, 300_000);
});
