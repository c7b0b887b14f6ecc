import type { ReactionKindName } from '@hypomos/shared/feedback/rules';
import type { ReactNode } from 'react';

// Drawn here rather than typed as emoji: emoji look different on every system and are blank boxes where no emoji
// font is installed.
const FACE = '#FFC83D';
const INK = '#4A3500';

function Face({ children }: { children: ReactNode }) {
  return (
    <>
      <circle cx="12" cy="12" r="10.5" fill={FACE} />
      <circle cx="12" cy="12" r="10.5" fill="none" stroke="#E5A800" strokeWidth="1" />
      {children}
    </>
  );
}

const SHAPES: Record<ReactionKindName, ReactNode> = {
  heart: (
    <path
      d="M12 21s-7.6-4.7-9.6-9.3C.9 8.2 3 4.5 6.6 4.5c2.1 0 3.6 1.2 5.4 3.2 1.8-2 3.3-3.2 5.4-3.2 3.6 0 5.7 3.7 4.2 7.2C19.6 16.3 12 21 12 21Z"
      fill="#F0324F"
    />
  ),
  smile: (
    <Face>
      <path
        d="M7.5 9.6c.4-1 1.8-1 2.2 0M14.3 9.6c.4-1 1.8-1 2.2 0"
        stroke={INK}
        strokeWidth="1.5"
        fill="none"
        strokeLinecap="round"
      />
      <path d="M6.8 13.2h10.4c-.4 3-2.6 5-5.2 5s-4.8-2-5.2-5Z" fill={INK} />
      <path d="M8.6 16.2c1 .9 2.1 1.3 3.4 1.3s2.4-.4 3.4-1.3c-1-.5-2.2-.7-3.4-.7s-2.4.2-3.4.7Z" fill="#F2596B" />
    </Face>
  ),
  wow: (
    <Face>
      <circle cx="8.6" cy="10" r="1.3" fill={INK} />
      <circle cx="15.4" cy="10" r="1.3" fill={INK} />
      <path
        d="M7 6.6c.7-.8 1.7-1.1 2.6-.9M17 6.6c-.7-.8-1.7-1.1-2.6-.9"
        stroke={INK}
        strokeWidth="1.2"
        fill="none"
        strokeLinecap="round"
      />
      <ellipse cx="12" cy="15.6" rx="2.2" ry="2.8" fill={INK} />
    </Face>
  ),
  star: (
    <path
      d="m12 2.6 2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17l-5.7 3.1 1.2-6.4-4.7-4.4 6.4-.8L12 2.6Z"
      fill="#FFC83D"
      stroke="#E5A800"
      strokeWidth="1"
      strokeLinejoin="round"
    />
  ),
  fire: (
    <>
      <path
        d="M12 22c-4.4 0-7.5-3-7.5-7 0-3.3 2-5.5 3.6-7.4.4 1.7 1.3 2.9 2.5 3.4C10.4 7 12 4 14.6 2c-.3 2.6.6 4.4 2.2 6.3 1.5 1.8 2.7 3.8 2.7 6.7 0 4-3.1 7-7.5 7Z"
        fill="#FF6A1A"
      />
      <path
        d="M12 22c-2.3 0-4-1.6-4-3.8 0-2 1.3-3.4 2.6-4.7.2 1.2.8 2 1.7 2.3.2-1.6 1-3 2.3-4 .1 1.5.7 2.5 1.3 3.5.6.9 1 1.8 1 3 0 2.1-2.1 3.7-4.9 3.7Z"
        fill="#FFC83D"
      />
    </>
  ),
};

/** One reaction's icon, `size` pixels square. */
export function ReactionIcon({ kind, size = 20 }: { kind: ReactionKindName; size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false" className="reaction-icon">
      {SHAPES[kind]}
    </svg>
  );
}
