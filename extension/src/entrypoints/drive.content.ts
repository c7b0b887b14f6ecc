import { defineContentScript } from 'wxt/utils/define-content-script';

export default defineContentScript({
  matches: ['https://drive.google.com/*'],
  main(ctx) {
    const button = document.createElement('button');
    button.textContent = 'Hypomos';
    button.dataset.hypomos = 'toolbar';
    document.body.append(button);
    ctx.onInvalidated(() => button.remove());
  },
});
