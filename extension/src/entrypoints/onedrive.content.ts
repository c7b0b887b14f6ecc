import { defineContentScript } from 'wxt/utils/define-content-script';
import { onedriveAdapter } from '../features/hosts/onedrive/adapter';
import { initHostPage } from '../features/hosts/page/init';

export default defineContentScript({
  matches: ['https://onedrive.live.com/*', 'https://*.sharepoint.com/personal/*'],
  runAt: 'document_idle',
  main: (ctx) => initHostPage(ctx, onedriveAdapter),
});
