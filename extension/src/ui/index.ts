export { ConfirmDialog, Dialog, PromptDialog } from './Dialog';
export { EmptyState } from './EmptyState';
export { ProgressBar } from './ProgressBar';
export { type Ui, UiProvider, useUi } from './ui-context';
export { formatAgo, formatBytes, plural } from './format';
