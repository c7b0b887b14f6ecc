/** Styles of the injected toolbar (inside its shadow root, so the host page's CSS does not reach it). */
export const toolbarCss = `
:host { all: initial; }
.root { position: relative; display: inline-block; font: 13px/1.4 system-ui, sans-serif; color: #1f1f1f; margin: 0 8px; }
.button { border: 1px solid #747775; border-radius: 18px; background: #fff; padding: 6px 14px; cursor: pointer; font: inherit; }
.button:hover { background: #f1f3f4; }
.menu { position: absolute; right: 0; top: calc(100% + 4px); z-index: 2147483000; background: #fff; border: 1px solid #c4c7c5;
  border-radius: 8px; box-shadow: 0 4px 12px rgba(0,0,0,.2); min-width: 280px; padding: 6px 0; }
.menu[hidden] { display: none; }
.item { display: block; width: 100%; text-align: left; border: 0; background: none; padding: 8px 16px; font: inherit; cursor: pointer; }
.item:hover:not(:disabled) { background: #f1f3f4; }
.item:disabled { color: #8a8a8a; cursor: default; }
.note { padding: 6px 16px; color: #5e5e5e; font-size: 12px; max-width: 320px; }
.note.warning { color: #8c4a00; background: #fff4e5; }
.panel { padding: 8px 16px; display: grid; gap: 6px; border-top: 1px solid #e3e3e3; }
.panel input[type=text] { font: inherit; padding: 5px 8px; border: 1px solid #747775; border-radius: 4px; }
.panel .row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.panel button { font: inherit; padding: 4px 12px; border-radius: 4px; border: 1px solid #747775; background: #fff; cursor: pointer; }
.status { padding: 6px 16px; font-size: 12px; white-space: pre-line; }
.status.error { color: #b3261e; }
.status.ok { color: #146c2e; }
`;

/** Badges and our entries in the host's own menu live in the page's DOM; their style is inline and scoped by attribute. */
export const BADGE_STYLE =
  'display:inline-block;margin-left:8px;padding:0 6px;border-radius:8px;font:11px/16px system-ui,sans-serif;vertical-align:middle;';
export const BADGE_COLORS: Record<string, string> = {
  indexed: 'background:#e8f0fe;color:#174ea6;',
  shared: 'background:#e6f4ea;color:#137333;',
  pending: 'background:#fef7e0;color:#8c4a00;',
  approved: 'background:#e6f4ea;color:#137333;',
  rejected: 'background:#fce8e6;color:#a50e0e;',
  withdrawn: 'background:#f1f3f4;color:#3c4043;',
};
