import { z } from 'zod';
import { IsoTime, ItemId } from './common';
import { PlainText } from './plain-text';
import { ItemPreview } from './preview';
import { publicCommentName, REACTION_KINDS } from '../feedback/rules';

/** Issue 23: comments and reactions on a share or an event, each turned on by its owner (off by default). */
export const FeedbackSettings = z.object({ comments: z.boolean(), reactions: z.boolean() }).strict();
export type FeedbackSettings = z.infer<typeof FeedbackSettings>;
export const FEEDBACK_OFF: FeedbackSettings = { comments: false, reactions: false };

/**
 * The header a viewer's browser sends its own random secret in (kept in localStorage, never in a URL). It makes
 * one reaction per viewer and item, and lets an author delete their own comment; only its hash is stored.
 */
export const VIEWER_SECRET_HEADER = 'x-viewer-secret';
export const ViewerSecret = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/);
export const ViewerSecretHeader = z.object({ [VIEWER_SECRET_HEADER]: ViewerSecret.optional() });

export const MAX_COMMENT_LENGTH = 500;
export const MAX_COMMENT_NAME_LENGTH = 40;
/** Comments one address may leave on one share or event: plenty for a guest, too few to fill D1 from one link. */
export const MAX_COMMENTS_PER_ADDRESS = 100;
/** Comments one share or event holds at most. */
export const MAX_COMMENTS_PER_SCOPE = 5000;
/** Reactions one address may hold on one share or event (a fresh secret per reaction cannot get past it). */
export const MAX_REACTIONS_PER_ADDRESS = 2000;

export const ReactionKind = z.enum(REACTION_KINDS);
export type ReactionKind = z.infer<typeof ReactionKind>;
export const ReactBody = z.object({ kind: ReactionKind }).strict();

export const PostCommentBody = z
  .object({
    name: PlainText(1, MAX_COMMENT_NAME_LENGTH).transform(publicCommentName),
    body: PlainText(1, MAX_COMMENT_LENGTH),
  })
  .strict();
export type PostCommentBody = z.input<typeof PostCommentBody>;

/** One comment as a viewer sees it: `mine` when this viewer's secret wrote it (they may delete it). */
export const PublicComment = z.object({
  id: z.string(),
  itemId: ItemId,
  name: z.string(),
  body: z.string(),
  createdAt: IsoTime,
  mine: z.boolean(),
});
export type PublicComment = z.infer<typeof PublicComment>;
export const CommentList = z.object({ comments: z.array(PublicComment) });
export type CommentList = z.infer<typeof CommentList>;

/** Per item: reactions by kind, the comment count, and this viewer's own reaction. Items with none are left out. */
export const ItemFeedback = z.object({
  reactions: z.partialRecord(ReactionKind, z.number().int()),
  comments: z.number().int(),
  mine: ReactionKind.nullable(),
});
export type ItemFeedback = z.infer<typeof ItemFeedback>;
export const FeedbackSummary = z.object({
  settings: FeedbackSettings,
  items: z.record(z.string(), ItemFeedback),
});
export type FeedbackSummary = z.infer<typeof FeedbackSummary>;

/** The owner's (or organizer's) view: every comment, newest first, with the item it is on. */
export const OwnerComment = z.object({
  id: z.string(),
  itemId: ItemId,
  name: z.string(),
  body: z.string(),
  createdAt: IsoTime,
  preview: ItemPreview,
});
export type OwnerComment = z.infer<typeof OwnerComment>;
export const OwnerFeedback = z.object({
  settings: FeedbackSettings,
  comments: z.array(OwnerComment),
  reactions: z.number().int(),
});
export type OwnerFeedback = z.infer<typeof OwnerFeedback>;
