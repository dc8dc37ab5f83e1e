// Rendering happens once per animation frame, however many events arrive in between: callers register what to
// redraw and the latest state is drawn once.
const pending = new Set();
let scheduled = false;

export function onFrame(render) {
  pending.add(render);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const renders = [...pending];
      pending.clear();
      renders.forEach((fn) => fn());
    });
  }
}

/** Builds an element: el('td', {class: 'x'}, 'text', child). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  children.flat().forEach((child) => node.append(child instanceof Node ? child : String(child ?? '')));
  return node;
}

/**
 * A function that runs `task` once, `ms` after the first of any number of calls in between: for reloads that
 * many events may ask for at once.
 */
export function batched(task, ms) {
  let timer = null;
  return () => {
    if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        Promise.resolve(task()).catch((error) => console.warn(error.message));
      }, ms);
    }
  };
}
