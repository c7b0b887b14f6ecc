import { defineContentScript } from 'wxt/utils/define-content-script';
import { driveAdapter } from '../features/hosts/drive/adapter';
import { initHostPage } from '../features/hosts/page/init';

export default defineContentScript({
  matches: ['https://drive.google.com/*'],
  runAt: 'document_idle',
  main: (ctx) => initHostPage(ctx, driveAdapter),
});
