// Where a page's main thread spends a stretch of time, from a Chromium trace (Tracing over CDP): script, style, layout,
// paint, by each event's own time (its children's taken out), between two performance marks the page set.
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

export const TRACE_CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing';

/** Starts tracing `cdp`'s page; the returned function stops it and gives back its events. */
export async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReturnAsStream' });
  return async () => {
    const complete = new Promise<string | undefined>((resolve) =>
      cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream))
    );
    await cdp.send('Tracing.end');
    const stream = await complete;
    if (!stream) throw new Error('Chromium returned no trace stream');
    let text = '';
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      text += chunk.data;
      if (chunk.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  };
}

function category(name: string): 'script' | 'style' | 'layout' | 'paint' | 'other' {
  if (name === 'UpdateLayoutTree' || name === 'RecalculateStyles' || name === 'ParseAuthorStyleSheet') return 'style';
  if (name === 'Layout' || name === 'UpdateLayer') return 'layout';
  if (/Paint|Layerize|Commit|HitTest/.test(name)) return 'paint';
  if (name === 'RunTask' || name === 'ThreadControllerImpl::RunTask') return 'other';
  return 'script';
}

/**
 * The renderer main thread's time between the marks `from` and `to` (performance.mark in the page), by category, in
 * ms: `script` is JavaScript and the garbage collector, `style` style recalculation (forced ones too), `layout` layout,
 * `paint` pre-paint, paint, layerizing and hit tests.
 */
export function mainThreadTime(events: TraceEvent[], from: string, to: string) {
  const mark = (name: string) => events.filter((event) => event.name === name).at(-1)?.ts;
  const start = mark(from);
  const end = mark(to);
  if (start === undefined || end === undefined) throw new Error(`marks ${from} and ${to} not both in the trace`);
  // The busiest CrRendererMain thread is the page's (others belong to pages Chromium opens itself).
  const threads = events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  const busiest = threads
    .map((thread) => ({
      thread,
      count: events.filter((event) => event.pid === thread.pid && event.tid === thread.tid).length,
    }))
    .sort((a, b) => b.count - a.count)[0]?.thread;
  if (!busiest) throw new Error('no renderer main thread in the trace');
  const spans = events
    .filter(
      (event) =>
        event.pid === busiest.pid &&
        event.tid === busiest.tid &&
        event.ph === 'X' &&
        event.dur !== undefined &&
        event.ts >= start &&
        event.ts < end
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Own time: each span's duration less that of the spans directly inside it.
  const own = new Map<TraceEvent, number>();
  const open: TraceEvent[] = [];
  for (const span of spans) {
    while (open.length > 0 && open[open.length - 1]!.ts + open[open.length - 1]!.dur! <= span.ts) open.pop();
    const parent = open.at(-1);
    if (parent) own.set(parent, (own.get(parent) ?? 0) - span.dur!);
    own.set(span, (own.get(span) ?? 0) + span.dur!);
    open.push(span);
  }
  const totals = { span: (end - start) / 1000, script: 0, style: 0, layout: 0, paint: 0, other: 0 };
  for (const [span, time] of own) totals[category(span.name)] += time / 1000;
  return totals;
}
