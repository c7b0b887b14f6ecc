import { DEFAULT_PATTERN, destinationFolder, FolderPattern } from '@hypomos/shared/import/destination';
import { formatDuration } from '@hypomos/shared/scan/progress';
import { CheckCircle2, FolderOpen, Images, ImagePlus, Pause, Play, X } from 'lucide-react';
import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { db } from '../../db';
import type { SourceRow } from '../../db/rows';
import { KIND_NAMES } from '../sources';
import { formatBytes, plural, ProgressBar, useUi } from '../../ui';
import type { ImportDeps, PickedFile } from './deps';
import { FileList } from './FileList';
import { canPickDirectory, filesOfDirectory, filesOfDrop, filesOfList, pickDirectory } from './pick';
import { planJob } from './plan-job';
import { prepareImport } from './prepare';
import { cancelImport, ImportRun } from './queue';
import type { ImportFileRow, ImportJobRow } from './rows';
import { ImportStore } from './store';
import { canImportInto } from './uploaders';
import { type Rate, useRate } from './use-rate';

const store = new ImportStore(db);
/** Picked files by job and path: kept while the dashboard tab lives, so leaving the page does not lose them. */
const pickedByJob = new Map<string, Map<string, File>>();
let current: ImportRun | null = null;

/**
 * The dashboard's #/import page: pick, see the plan, send, watch, and read the summary. `makeDeps` gives the
 * browser's hashing worker, credentials and thumbnail code (entrypoints/dashboard/import-deps.ts).
 */
export function ImportPage({ makeDeps }: { makeDeps: (parallel: number) => ImportDeps }) {
  const ui = useUi();
  const [sources, setSources] = useState<SourceRow[]>([]);
  const [sourceId, setSourceId] = useState('');
  const [pattern, setPattern] = useState(DEFAULT_PATTERN);
  const [parallel, setParallel] = useState(3);
  const [job, setJob] = useState<ImportJobRow | null>(null);
  const [rows, setRows] = useState<ImportFileRow[]>([]);
  const [preparing, setPreparing] = useState<{ done: number; total: number } | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = () => setTick((t) => t + 1);

  useEffect(() => {
    void db.sources.toArray().then((all) => {
      setSources(all);
      setSourceId((id) => id || (all.find(canImportInto)?.id ?? ''));
    });
    void store.latestJob().then((j) => {
      if (j && j.state !== 'finished' && j.state !== 'cancelled') setJob(j);
    });
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` re-reads after an action
  useEffect(() => {
    if (!job) return;
    let live = true;
    const load = async () => {
      const [j, files] = await Promise.all([store.job(job.jobId), store.files(job.jobId)]);
      if (!live) return;
      if (j) setJob(j);
      setRows(files);
    };
    void load();
    const timer = setInterval(load, 700);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [job?.jobId, tick]);

  const patternCheck = FolderPattern.safeParse(pattern);
  const source = sources.find((s) => s.id === sourceId) ?? null;
  const rate = useRate(rows, job?.state === 'running');

  const begin = async (picked: PickedFile[], label: string, dirHandle: FileSystemDirectoryHandle | null) => {
    if (!source || !patternCheck.success) return;
    if (picked.length === 0) {
      ui.toast({ text: 'No photos or videos there', tone: 'error' });
      return;
    }
    setPreparing({ done: 0, total: picked.length });
    try {
      const deps = makeDeps(parallel);
      const made = await prepareImport(
        deps,
        picked,
        { sourceId: source.id, pattern: patternCheck.data, label, dirHandle },
        (done, total) => setPreparing({ done, total }),
      );
      pickedByJob.set(made.jobId, new Map(picked.map((p) => [p.relPath, p.file])));
      setJob(made);
    } catch (e) {
      ui.toast({ text: e instanceof Error ? e.message : String(e), tone: 'error' });
    } finally {
      setPreparing(null);
    }
  };

  const start = async () => {
    if (!job) return;
    const files = await filesFor(job);
    if (!files) {
      ui.toast({
        text: 'The browser no longer holds the picked files: choose the same folder again to continue',
        tone: 'error',
      });
      return;
    }
    const run = new ImportRun(makeDeps(parallel), job.jobId, async (r) => files.get(r.relPath) ?? null);
    current = run;
    refresh();
    const outcome = await run.run().catch((e: unknown) => {
      ui.toast({ text: e instanceof Error ? e.message : String(e), tone: 'error' });
      return null;
    });
    if (current === run) current = null;
    if (outcome === 'finished') ui.toast({ text: 'Import finished' });
    refresh();
  };

  const cancel = async () => {
    if (!job) return;
    const yes = await ui.confirm({
      title: 'Cancel this import?',
      body: 'Files already sent stay in the destination and in your library. Unfinished uploads are discarded.',
      confirmLabel: 'Cancel import',
      danger: true,
    });
    if (!yes) return;
    if (current) current.cancel();
    else await cancelImport(makeDeps(parallel), job.jobId);
    refresh();
  };

  const force = async (row: ImportFileRow) => {
    await store.updateFile(row.id, { forced: true });
    await planJob({ db, store }, row.jobId);
    refresh();
  };

  const running = job?.state === 'running' && current !== null;
  const interrupted = job?.state === 'running' && current === null;
  return (
    <section className="page import" aria-label="Import">
      <div className="page-head">
        <h1>Import</h1>
        <span className="spacer" />
        {job && !running && (
          <button
            type="button"
            onClick={() => {
              setJob(null);
              setRows([]);
            }}
          >
            New import
          </button>
        )}
      </div>
      {!job && (
        <>
          <p className="muted import-intro">
            Bring photos and videos from a camera card or a phone into one of your clouds. Files go straight from this
            device to the destination; anything already in your library, in any cloud, is skipped.
          </p>
          <Destination
            sources={sources}
            sourceId={sourceId}
            onSource={setSourceId}
            pattern={pattern}
            onPattern={setPattern}
            patternError={patternCheck.success ? null : (patternCheck.error.issues[0]?.message ?? 'Invalid pattern')}
            parallel={parallel}
            onParallel={setParallel}
          />
          {preparing ? (
            <div className="panel import-preparing">
              <ProgressBar
                testId="import-preparing"
                label={`Checking ${preparing.done.toLocaleString()} of ${plural(preparing.total, 'file')} on this device…`}
                done={preparing.done}
                total={preparing.total}
              />
            </div>
          ) : (
            <DropZone disabled={!source || !patternCheck.success} onFiles={begin} />
          )}
        </>
      )}
      {job && (
        <JobView
          job={job}
          rows={rows}
          rate={rate}
          source={sources.find((s) => s.id === job.sourceId) ?? null}
          running={running}
          interrupted={interrupted}
          onStart={start}
          onPause={() => current?.pause()}
          onCancel={cancel}
          onForce={force}
          onRepick={async (picked) => {
            pickedByJob.set(job.jobId, new Map(picked.map((p) => [p.relPath, p.file])));
            await start();
          }}
        />
      )}
    </section>
  );
}

/** The picked files of a job: in memory, or again from the kept folder handle (a permission prompt). */
async function filesFor(job: ImportJobRow): Promise<Map<string, File> | null> {
  const known = pickedByJob.get(job.jobId);
  if (known) return known;
  const dir = job.dirHandle as
    | (FileSystemDirectoryHandle & { requestPermission?: (o: object) => Promise<PermissionState> })
    | null;
  if (!dir?.requestPermission) return null;
  if ((await dir.requestPermission({ mode: 'read' })) !== 'granted') return null;
  const files = new Map((await filesOfDirectory(dir)).map((p) => [p.relPath, p.file]));
  pickedByJob.set(job.jobId, files);
  return files;
}

function Destination(props: {
  sources: SourceRow[];
  sourceId: string;
  onSource: (id: string) => void;
  pattern: string;
  onPattern: (p: string) => void;
  patternError: string | null;
  parallel: number;
  onParallel: (n: number) => void;
}) {
  const example = props.patternError ? null : destinationFolder(props.pattern, Date.now(), Date.now()).folder;
  const usable = props.sources.filter(canImportInto);
  return (
    <div className="panel import-destination">
      <label className="field">
        <span>Destination</span>
        <select value={props.sourceId} onChange={(e) => props.onSource(e.target.value)} data-testid="import-source">
          {usable.length === 0 && <option value="">No cloud source connected</option>}
          {props.sources.map((s) => (
            <option key={s.id} value={s.id} disabled={!canImportInto(s)}>
              {s.name} ({KIND_NAMES[s.kind]}){canImportInto(s) ? '' : ' — not yet'}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Folder, from the capture date</span>
        <input
          value={props.pattern}
          onChange={(e) => props.onPattern(e.target.value)}
          aria-invalid={props.patternError ? true : undefined}
          data-testid="import-pattern"
          spellCheck={false}
        />
        <span className={`small ${props.patternError ? 'error' : 'muted'}`}>
          {props.patternError ?? `A photo taken today goes to ${example}/`}
        </span>
      </label>
      <label className="field import-parallel">
        <span>Files at once</span>
        <input
          type="number"
          min={1}
          max={6}
          value={props.parallel}
          onChange={(e) => props.onParallel(Math.min(6, Math.max(1, Number(e.target.value) || 1)))}
        />
      </label>
    </div>
  );
}

function DropZone({
  disabled,
  onFiles,
}: {
  disabled: boolean;
  onFiles: (files: PickedFile[], label: string, dir: FileSystemDirectoryHandle | null) => void;
}) {
  const [over, setOver] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const chooseFolder = async () => {
    if (!canPickDirectory()) return folderInput.current?.click();
    let dir: FileSystemDirectoryHandle;
    try {
      dir = await pickDirectory();
    } catch {
      return; // The user closed the picker.
    }
    onFiles(await filesOfDirectory(dir), dir.name, dir);
  };
  const drop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = await filesOfDrop(e.dataTransfer.items);
    onFiles(files, files.length === 1 ? (files[0]?.file.name ?? '') : `${plural(files.length, 'dropped file')}`, null);
  };
  return (
    <div
      className="import-drop"
      data-over={over ? '1' : '0'}
      data-disabled={disabled ? '1' : '0'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void drop(e)}
      data-testid="import-drop"
    >
      <ImagePlus size={48} aria-hidden="true" className="import-drop-icon" />
      <h2>Drop a folder or photos here</h2>
      <p className="muted">A camera card's DCIM folder, a phone's camera roll, or any folder of photos and videos.</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void chooseFolder()} disabled={disabled}>
          <FolderOpen size={16} aria-hidden="true" /> Choose folder…
        </button>
        <button type="button" onClick={() => filesInput.current?.click()} disabled={disabled}>
          <Images size={16} aria-hidden="true" /> Choose files…
        </button>
      </div>
      <input
        ref={folderInput}
        type="file"
        hidden
        multiple
        data-testid="import-folder-input"
        {...{ webkitdirectory: '' }}
        onChange={(e) => {
          const list = filesOfList(e.target.files ?? []);
          onFiles(list, list[0]?.relPath.split('/')[0] ?? 'folder', null);
        }}
      />
      <input
        ref={filesInput}
        type="file"
        hidden
        multiple
        accept="image/*,video/*"
        data-testid="import-files-input"
        onChange={(e) => {
          const list = filesOfList(e.target.files ?? []);
          onFiles(list, plural(list.length, 'file'), null);
        }}
      />
    </div>
  );
}

function JobView(props: {
  job: ImportJobRow;
  rows: ImportFileRow[];
  rate: Rate;
  source: SourceRow | null;
  running: boolean;
  interrupted: boolean;
  onStart: () => void;
  onPause: () => void;
  onCancel: () => void;
  onForce: (row: ImportFileRow) => void;
  onRepick: (files: PickedFile[]) => void;
}) {
  const { job, rows, rate } = props;
  const counts = useMemo(() => countRows(rows), [rows]);
  const repick = useRef<HTMLInputElement>(null);
  const planned = job.state === 'planned';
  const destination = props.source
    ? `${props.source.name} (${KIND_NAMES[props.source.kind]})`
    : 'a source no longer connected';
  const canContinue = !props.running && (job.state === 'paused' || job.state === 'stopped' || props.interrupted);
  // Files from <input> or a drop are gone after a reload; a folder handle is asked for permission instead.
  const needsRepick = !job.dirHandle && !pickedByJob.has(job.jobId);
  return (
    <>
      <div className="panel import-summary" data-testid="import-plan" data-state={job.state}>
        <div className="import-summary-head">
          <div>
            <h2>{job.label}</h2>
            <p className="muted small">
              {plural(rows.length, 'file')} · {formatBytes(counts.totalBytes)} → {destination}, {job.pattern}
            </p>
          </div>
          <span className={`pill ${props.interrupted ? 'warn' : stateTone(job.state)}`} data-testid="import-state">
            {props.interrupted ? 'Interrupted' : STATE_WORDS[job.state]}
          </span>
        </div>
        <div className="import-tiles">
          <Tile tone="new" n={counts.new} label={planned ? 'new, will be sent' : 'new'} testId="plan-new" />
          <Tile tone="dup" n={counts.duplicate} label="already in your library" testId="plan-duplicate" />
          <Tile tone="unwanted" n={counts.unwanted} label="you deleted before" testId="plan-unwanted" />
          <Tile tone="bad" n={counts.unreadable} label="cannot be imported" testId="plan-unreadable" />
        </div>
        {planned && (
          <div className="import-actions">
            <button
              type="button"
              className="primary"
              onClick={props.onStart}
              disabled={counts.new === 0}
              data-testid="import-start"
            >
              <Play size={16} aria-hidden="true" /> Import {plural(counts.new, 'file')} ({formatBytes(counts.newBytes)})
            </button>
            <span className="muted small">Nothing is sent before you start.</span>
          </div>
        )}
        {!planned && <Progress job={job} counts={counts} rate={rate} running={props.running} />}
        {job.error && (
          <p className="alert" role="alert" data-testid="import-error">
            {job.error}
          </p>
        )}
        {canContinue && needsRepick && (
          <p className="alert warn" data-testid="import-repick-note">
            {props.interrupted ? 'This import was interrupted (the tab was closed or reloaded). ' : ''}The browser
            forgets files picked this way: choose the same folder again and the import continues where each file
            stopped.
          </p>
        )}
        {canContinue && !needsRepick && props.interrupted && (
          <p className="alert warn">
            This import was interrupted (the tab was closed or reloaded). Continue it: files resume where they stopped.
          </p>
        )}
        {(props.running || canContinue) && (
          <div className="import-actions">
            {props.running && (
              <button type="button" onClick={props.onPause} data-testid="import-pause">
                <Pause size={16} aria-hidden="true" /> Pause
              </button>
            )}
            {canContinue && !needsRepick && (
              <button type="button" className="primary" onClick={props.onStart} data-testid="import-resume">
                <Play size={16} aria-hidden="true" /> Continue
              </button>
            )}
            {canContinue && needsRepick && (
              <>
                <button type="button" className="primary" onClick={() => repick.current?.click()}>
                  <FolderOpen size={16} aria-hidden="true" /> Choose the folder again…
                </button>
                <input
                  ref={repick}
                  type="file"
                  hidden
                  multiple
                  {...{ webkitdirectory: '' }}
                  data-testid="import-repick-input"
                  onChange={(e) => props.onRepick(filesOfList(e.target.files ?? []))}
                />
              </>
            )}
            <button type="button" className="danger ghost" onClick={props.onCancel} data-testid="import-cancel">
              <X size={16} aria-hidden="true" /> Cancel import
            </button>
          </div>
        )}
        {job.state === 'finished' && (
          <p className="import-done" data-testid="import-summary">
            <CheckCircle2 size={18} aria-hidden="true" /> {plural(counts.done, 'file')} imported (
            {formatBytes(counts.doneBytes)}){counts.skipped > 0 && `, ${counts.skipped} skipped as already there`}
            {counts.failed > 0 && `, ${counts.failed} could not be imported`}.{' '}
            <a href="#/timeline" className="import-done-link">
              See them in the timeline
            </a>
          </p>
        )}
      </div>
      <FileList
        rows={rows}
        planned={planned}
        running={props.running}
        files={pickedByJob.get(job.jobId)}
        onForce={props.onForce}
      />
    </>
  );
}

function Tile({ tone, n, label, testId }: { tone: string; n: number; label: string; testId: string }) {
  return (
    <div className="import-tile" data-tone={tone} data-empty={n === 0 ? '1' : '0'}>
      <strong data-testid={testId}>{n.toLocaleString()}</strong>
      <span>{label}</span>
    </div>
  );
}

function Progress({ job, counts, rate, running }: { job: ImportJobRow; counts: Counts; rate: Rate; running: boolean }) {
  const toSend = counts.newBytes;
  const sent = counts.sentBytes;
  const eta = running && rate.bytesPerSec > 0 ? formatDuration(((toSend - sent) / rate.bytesPerSec) * 1000) : null;
  const parts = [
    `${counts.done.toLocaleString()} of ${plural(counts.new, 'file')}`,
    `${formatBytes(sent)} of ${formatBytes(toSend)}`,
    ...(running
      ? [
          `${rate.filesPerSec.toFixed(1)} files/s`,
          `${(rate.bytesPerSec / 1048576).toFixed(1)} MiB/s`,
          eta ? `about ${eta} left` : 'estimating…',
        ]
      : []),
  ];
  return (
    <ProgressBar
      testId="import-progress"
      label={<span data-testid="import-progress-label">{parts.join(' · ')}</span>}
      done={job.state === 'finished' ? 1 : sent}
      total={job.state === 'finished' ? 1 : toSend}
    />
  );
}

export interface Counts {
  new: number;
  duplicate: number;
  unwanted: number;
  unreadable: number;
  done: number;
  failed: number;
  skipped: number;
  totalBytes: number;
  newBytes: number;
  sentBytes: number;
  doneBytes: number;
}

function countRows(rows: ImportFileRow[]): Counts {
  const c: Counts = {
    new: 0,
    duplicate: 0,
    unwanted: 0,
    unreadable: 0,
    done: 0,
    failed: 0,
    skipped: 0,
    totalBytes: 0,
    newBytes: 0,
    sentBytes: 0,
    doneBytes: 0,
  };
  for (const r of rows) {
    c.totalBytes += r.size;
    if (r.planKind === 'new') {
      c.new++;
      c.newBytes += r.size;
      c.sentBytes += r.state === 'done' ? r.size : r.bytesSent;
    } else if (r.planKind === 'duplicate' || r.planKind === 'repeat') c.duplicate++;
    else if (r.planKind === 'unwanted') c.unwanted++;
    else if (r.planKind) c.unreadable++;
    if (r.state === 'done') {
      c.done++;
      c.doneBytes += r.size;
    }
    if (r.state === 'failed') c.failed++;
    if (r.state === 'skipped') c.skipped++;
  }
  return c;
}

const STATE_WORDS: Record<ImportJobRow['state'], string> = {
  preparing: 'Checking files',
  planned: 'Ready to import',
  running: 'Importing',
  paused: 'Paused',
  stopped: 'Stopped',
  cancelled: 'Cancelled',
  finished: 'Finished',
};

const stateTone = (s: ImportJobRow['state']) =>
  s === 'finished'
    ? 'ok'
    : s === 'running' || s === 'preparing'
      ? 'busy'
      : s === 'planned'
        ? ''
        : s === 'stopped'
          ? 'bad'
          : 'warn';
