import { useState } from 'react';

/** A link with a Copy button (Clipboard API; the text stays selectable where that is not allowed). */
export function CopyLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <p className="copy-link">
      <a href={url} data-testid="share-url">
        {url}
      </a>
      <button type="button" className={copied ? undefined : 'primary'} onClick={copy}>
        {copied ? 'Copied' : 'Copy link'}
      </button>
    </p>
  );
}
