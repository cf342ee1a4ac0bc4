/**
 * Runs `task` once the browser has painted the next two frames and then has a moment to spare (at most `timeout` ms
 * later); returns a function that cancels it. Work that can wait (the mini-map, validation) then never delays the
 * frame that shows what was just loaded or changed.
 */
export function afterPaintWhenIdle(task: () => void, timeout = 500): () => void {
  let cancel = () => {};
  const first = requestAnimationFrame(() => {
    const second = requestAnimationFrame(() => {
      // Safari has no requestIdleCallback.
      if (typeof requestIdleCallback === 'function') {
        const idle = requestIdleCallback(task, { timeout });
        cancel = () => cancelIdleCallback(idle);
      } else {
        const timer = setTimeout(task, 0);
        cancel = () => clearTimeout(timer);
      }
    });
    cancel = () => cancelAnimationFrame(second);
  });
  cancel = () => cancelAnimationFrame(first);
  return () => cancel();
}
