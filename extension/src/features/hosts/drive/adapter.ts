import type { HostAdapter } from '../adapter';
import { driveSelectors } from './selectors';

// Drive file ids are URL-safe base64-ish strings; anything else in `data-id` is not a file row.
const DRIVE_ID = /^[\w-]{10,128}$/;

export const driveAdapter: HostAdapter = {
  kind: 'gdrive',
  selectors: driveSelectors,
  rowId(row) {
    const id = row.getAttribute('data-id');
    return id && DRIVE_ID.test(id) ? id : null;
  },
};
