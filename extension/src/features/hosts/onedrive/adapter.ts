import type { HostAdapter } from '../adapter';
import { onedriveSelectors } from './selectors';

// Graph item ids: consumer "CID!n" form or the base32-like business form.
const GRAPH_ID = /^[\w!.-]{3,256}$/;

export const onedriveAdapter: HostAdapter = {
  kind: 'onedrive',
  selectors: onedriveSelectors,
  rowId(row) {
    const id = row.getAttribute('data-item-key');
    return id && GRAPH_ID.test(id) ? id : null;
  },
};
