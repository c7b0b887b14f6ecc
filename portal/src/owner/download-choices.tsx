import type { ShareDownloads } from '@hypomos/shared/sharing/download-sizes';
import { WEB_SIZE_PX } from '@hypomos/shared/sharing/download-sizes';

/** The owner's three choices of what guests may download (issue 23), in words. */
export const DOWNLOAD_CHOICES: { value: ShareDownloads; label: string; short: string }[] = [
  { value: 'none', label: 'None: guests only view', short: 'View only' },
  {
    value: 'web',
    label: `Web size (up to ${WEB_SIZE_PX} px, made by your storage)`,
    short: 'Downloads: web size',
  },
  { value: 'original', label: 'Web size + original', short: 'Downloads: web size + original' },
];

export const downloadsShort = (d: ShareDownloads) => DOWNLOAD_CHOICES.find((c) => c.value === d)!.short;

/** A select of the three choices; `name` lets forms and tests find it. */
export function DownloadsSelect({
  value,
  onChange,
  disabled,
  name = 'downloads',
}: {
  value: ShareDownloads;
  onChange: (d: ShareDownloads) => void;
  disabled?: boolean;
  name?: string;
}) {
  return (
    <select name={name} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as ShareDownloads)}>
      {DOWNLOAD_CHOICES.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/** The three choices as radio buttons, for the new-link form (its Kind is already a select). */
export function DownloadsRadios({ value, onChange }: { value: ShareDownloads; onChange: (d: ShareDownloads) => void }) {
  return (
    <fieldset className="downloads-radios span-all">
      <legend>Downloads</legend>
      {DOWNLOAD_CHOICES.map((c) => (
        <label key={c.value} className="check">
          <input
            type="radio"
            name="downloads"
            value={c.value}
            checked={value === c.value}
            onChange={() => onChange(c.value)}
          />
          {c.label}
        </label>
      ))}
      <p className="hint">
        The web size is your storage's own rendition (Google Drive, OneDrive personal); the portal stores nothing. Azure
        Blob and OneDrive for Business make none: their photos offer only the original.
      </p>
    </fieldset>
  );
}
