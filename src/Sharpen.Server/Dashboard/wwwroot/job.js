// #/jobs/{id}: one job — status and controls, the live loss chart and events from the event stream, checkpoints,
// and once it has them its result files (the metrics CSV as a table, the evaluation report in a sandboxed frame).
import { api, events, fileText } from './api.js';
import { h, table, time, num, statusBadge, errorText } from './dom.js';
import { LossChart } from './chart.js';
import { parseCsv } from './csv.js';

const live = new Set(['validating_files', 'queued', 'running', 'paused']);
const refreshMs = 3000;

export function jobView(root, { id }, signal) {
  const path = `/v1/fine_tuning/jobs/${encodeURIComponent(id)}`;
  const chart = new LossChart();
  const summary = h('div', { id: 'job-summary' }, h('p', {}, 'Loading…'));
  const controls = h('div', { id: 'job-controls', class: 'controls' });
  const message = h('div', { id: 'job-message' });
  const eventRows = h('tbody', { id: 'events-body' });
  const streamState = h('span', { id: 'stream-state', 'data-testid': 'stream-state', class: 'muted' }, 'connecting');
  const checkpoints = h('div', { id: 'checkpoints' }, h('p', {}, 'None yet.'));
  const results = h('div', { id: 'results' }, h('p', {}, 'None yet: a job writes them when it finishes.'));
  let job;
  let shownResults = '';

  root.replaceChildren(
    h('p', {}, h('a', { href: '#/jobs' }, '← All jobs')),
    h('h1', {}, 'Job ', h('code', { id: 'job-id', 'data-testid': 'job-id' }, id)),
    summary, controls, message,
    h('section', { 'aria-labelledby': 'curve-title' }, h('h2', { id: 'curve-title' }, 'Loss'), chart.element),
    h('section', { 'aria-labelledby': 'results-title' }, h('h2', { id: 'results-title' }, 'Results'), results),
    h('section', { 'aria-labelledby': 'checkpoints-title' }, h('h2', { id: 'checkpoints-title' }, 'Checkpoints'), checkpoints),
    h('section', { 'aria-labelledby': 'events-title' },
      h('h2', { id: 'events-title' }, 'Events ', streamState),
      // A metrics event per step makes a long list: it scrolls in its own box (focusable, so keys scroll it too).
      h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Event list, newest first' },
        h('table', { id: 'events-table', 'data-testid': 'events-table' },
          h('thead', {}, h('tr', {}, ['Time', 'Level', 'Type', 'Message'].map((c) => h('th', { scope: 'col' }, c)))),
          eventRows))));

  async function refresh() {
    try {
      job = await api(path, { signal });
      renderSummary();
      await Promise.all([loadCheckpoints(), loadResults()]);
    } catch (error) {
      if (!signal.aborted) message.replaceChildren(errorText(error, 'job-error'));
    }
  }

  // Lifecycle events arrive in bursts (a replayed stream starts with all of them): one refresh per burst.
  let pendingRefresh;
  function refreshSoon() {
    if (pendingRefresh) return;
    pendingRefresh = setTimeout(() => { pendingRefresh = undefined; refresh(); }, 300);
  }

  function renderSummary() {
    const hp = job.method?.supervised?.hyperparameters ?? job.method?.dpo?.hyperparameters ?? job.hyperparameters ?? {};
    summary.replaceChildren(h('dl', { class: 'facts' },
      fact('Status', statusBadge(job.status, { id: 'job-status', 'data-testid': 'job-status' })),
      fact('Base model', job.model),
      fact('Fine-tuned model', h('span', { 'data-testid': 'job-fine-tuned-model' }, job.fine_tuned_model ?? '—')),
      fact('Training file', job.training_file),
      fact('Validation file', job.validation_file ?? '—'),
      fact('Method', [job.method?.type ?? 'supervised', job.sharpen?.method, job.sharpen?.lora?.rank ? `rank ${job.sharpen.lora.rank}` : null]
        .filter(Boolean).join(', ')),
      fact('Hyperparameters', `epochs ${hp.n_epochs ?? 'auto'}, batch size ${hp.batch_size ?? 'auto'}, learning-rate multiplier ${hp.learning_rate_multiplier ?? 'auto'}`),
      fact('Trained tokens', num(job.trained_tokens, 0)),
      fact('Seed', job.seed ?? '—'),
      fact('Created', time(job.created_at)),
      fact('Finished', time(job.finished_at)),
      fact('Estimated finish', time(job.estimated_finish)),
      job.error ? fact('Error', h('span', { class: 'error', 'data-testid': 'job-failure' }, `${job.error.code}: ${job.error.message}`)) : null));
    const buttons = [];
    if (live.has(job.status)) buttons.push(action('Cancel', 'cancel', 'danger'));
    if (job.status === 'running' || job.status === 'queued') buttons.push(action('Pause', 'pause'));
    if (job.status === 'paused') buttons.push(action('Resume', 'resume'));
    controls.replaceChildren(...buttons);
  }

  function action(label, verb, kind) {
    return h('button', {
      type: 'button', id: `${verb}-job`, 'data-testid': `${verb}-job`, class: kind ?? '',
      onclick: async (event) => {
        event.currentTarget.disabled = true;
        message.replaceChildren();
        try {
          job = await api(`${path}/${verb}`, { method: 'POST', signal });
          renderSummary();
          if (verb === 'resume') follow();
        } catch (error) {
          if (!signal.aborted) message.replaceChildren(errorText(error, 'job-error'));
          renderSummary();
        }
      },
    }, label);
  }

  async function loadCheckpoints() {
    const list = await api(`${path}/checkpoints?limit=100`, { signal });
    if (list.data.length === 0) return;
    checkpoints.replaceChildren(table({ id: 'checkpoints-table', 'data-testid': 'checkpoints-table' },
      ['Step', 'Checkpoint model', 'Training loss', 'Validation loss', 'Created'],
      list.data.map((c) => ({
        attributes: { 'data-testid': 'checkpoint-row' },
        cells: [String(c.step_number), h('code', {}, c.fine_tuned_model_checkpoint), num(c.metrics?.train_loss),
          num(c.metrics?.valid_loss ?? c.metrics?.full_valid_loss), time(c.created_at)],
      }))));
  }

  async function loadResults() {
    const ids = job.result_files ?? [];
    const key = ids.join(',');
    if (ids.length === 0 || key === shownResults) return;
    shownResults = key;
    const parts = [];
    for (const fileId of ids) {
      const file = await api(`/v1/files/${encodeURIComponent(fileId)}`, { signal });
      const text = await fileText(fileId, signal);
      const name = file.filename.toLowerCase();
      if (name.endsWith('.csv')) {
        const [header, ...rows] = parseCsv(text);
        parts.push(h('h3', { id: 'results-csv-title' }, file.filename),
          h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'results-csv-title' },
            table({ id: 'results-csv', 'data-testid': 'results-csv', 'data-row-count': rows.length, class: 'numbers' }, header ?? [], rows)));
      } else if (name.endsWith('.html')) {
        // The report is shown, not run: an empty sandbox gives it no scripts, no same-origin access, no forms.
        parts.push(h('h3', {}, 'Evaluation report'),
          h('iframe', { id: 'report-frame', 'data-testid': 'report-frame', title: `Evaluation report ${file.filename}`, sandbox: '', srcdoc: text, class: 'report' }));
      } else {
        // Scrolls in its own region, so it takes keyboard focus and carries its file's name.
        const title = `result-${fileId}-title`;
        parts.push(h('h3', { id: title }, file.filename),
          h('pre', { class: 'file-text', tabindex: '0', role: 'region', 'aria-labelledby': title, 'data-testid': 'result-text' }, text));
      }
    }
    results.replaceChildren(...parts);
  }

  let stream;
  async function follow() {
    stream?.abort();
    stream = new AbortController();
    const mine = stream;
    signal.addEventListener('abort', () => mine.abort());
    chart.clear();
    eventRows.replaceChildren();
    streamState.textContent = 'live';
    try {
      for await (const event of events(`${path}/events?stream=true`, mine.signal)) {
        eventRows.prepend(h('tr', { 'data-testid': 'event-row', 'data-type': event.type },
          h('td', {}, time(event.created_at)), h('td', {}, event.level), h('td', {}, event.type), h('td', {}, event.message)));
        if (event.type === 'metrics' && event.data) chart.add(event.data);
        else refreshSoon();
      }
      if (mine === stream) streamState.textContent = 'ended';
    } catch (error) {
      if (mine.signal.aborted) return;
      streamState.textContent = 'disconnected';
      message.replaceChildren(errorText(error, 'stream-error'));
    }
    if (!signal.aborted) refresh();
  }

  refresh();
  follow();
  // Status, checkpoints and results change without an event of their own; poll them while the job can still change.
  const timer = setInterval(() => { if (!job || live.has(job.status)) refresh(); }, refreshMs);
  signal.addEventListener('abort', () => clearInterval(timer));
}

function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value)];
}
