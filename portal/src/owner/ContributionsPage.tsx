import type { Contribution } from '@hypomos/shared/api/events';
import { client, messageOf, ok } from '../api/client';
import { EmptyState } from '../ui/EmptyState';
import { ItemThumb, itemTitle } from '../ui/ItemThumb';
import { useUi } from '../ui/ui-context';
import { useLoad, when } from './useLoad';

const TONE = { approved: 'ok', rejected: 'bad', pending: 'busy', withdrawn: '' } as const;

/**
 * What I contributed to other people's events, with the organizer's decisions so far. Withdrawing takes every item
 * out of the event at once (from any state) and stops a dynamic collection from adding more.
 */
export function ContributionsPage() {
  const ui = useUi();
  const list = useLoad(async () => (await ok(client.api.contributions.$get())).contributions);
  const withdraw = async (c: Contribution) => {
    const yes = await ui.confirm({
      title: `Withdraw your photos from “${c.eventTitle}”?`,
      body: 'Every photo you added leaves the event, approved ones included, and no new ones join it. This cannot be undone: to take part again, contribute anew from the extension.',
      confirmLabel: 'Withdraw all',
      danger: true,
    });
    if (!yes) return;
    try {
      await ok(client.api.contributions[':id'].withdraw.$post({ param: { id: c.id }, json: {} }));
      await list.reload();
      ui.toast({ text: `Your photos left “${c.eventTitle}”.` });
    } catch (err) {
      ui.toast({ text: messageOf(err), tone: 'error' });
    }
  };
  return (
    <>
      <header className="page-head">
        <div>
          <h1>My contributions</h1>
          <p>Photos you added to other people's events, and what their organizers decided.</p>
        </div>
      </header>
      {list.error && (
        <p className="alert" role="alert">
          {list.error}
        </p>
      )}
      {list.data?.length === 0 ? (
        <div className="card">
          <EmptyState icon="⇪" title="No contributions yet" testId="contributions-empty">
            When a friend hands you an event link, select your photos in Hypomos (or in Drive or OneDrive) and choose
            Share to event…; they show here with the organizer's decisions.
          </EmptyState>
        </div>
      ) : (
        <ul className="rows">
          {list.data?.map((c) => (
            <li key={c.id} data-contribution={c.id} data-withdrawn={c.withdrawn}>
              <div className="row-main">
                <span className="row-text">
                  <span className="row-title">{c.eventTitle}</span>
                  <span className="row-meta">
                    {c.counts.approved} approved · {c.counts.pending} pending · {c.counts.rejected} rejected ·{' '}
                    {c.counts.withdrawn} withdrawn · since {when(c.createdAt)}
                  </span>
                </span>
                {!c.withdrawn && (
                  <button type="button" className="danger" onClick={() => withdraw(c)}>
                    Withdraw all
                  </button>
                )}
              </div>
              <ContributionItems id={c.id} version={JSON.stringify(c.counts)} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The contribution's photos with the organizer's decision on each. */
function ContributionItems({ id, version }: { id: string; version: string }) {
  const items = useLoad(
    async () => (await ok(client.api.contributions[':id'].items.$get({ param: { id } }))).items,
    `${id}:${version}`,
  );
  if (!items.data?.length) return null;
  return (
    <ul className="thumb-strip row-extra" aria-label="Photos and decisions">
      {items.data.map((i) => (
        <li key={i.itemId} data-item-id={i.itemId} data-state={i.state} title={`${itemTitle(i.preview)}: ${i.state}`}>
          <ItemThumb preview={i.preview} size={88} />
          <span className={`pill ${TONE[i.state]}`}>{i.state}</span>
        </li>
      ))}
    </ul>
  );
}
