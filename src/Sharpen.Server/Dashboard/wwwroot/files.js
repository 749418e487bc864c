// #/files: uploaded files (upload, delete) and #/files/{id}: the data step's report on a fine-tune upload.
import { api } from './api.js';
import { h, table, time, num, bytes, errorText } from './dom.js';

export async function filesView(root, _params, signal) {
  const list = h('div', { id: 'files-body' }, h('p', {}, 'Loading files…'));
  const message = h('div', { id: 'upload-message' });
  const input = h('input', { id: 'upload-file', name: 'file', type: 'file', 'data-testid': 'upload-file', required: true });
  const purpose = h('select', { id: 'upload-purpose', name: 'purpose', 'data-testid': 'upload-purpose' },
    ['fine-tune', 'user_data', 'evals', 'batch'].map((p) => h('option', { value: p }, p)));
  const submit = h('button', { type: 'submit', id: 'upload-submit', 'data-testid': 'upload-submit' }, 'Upload');
  root.replaceChildren(
    h('h1', {}, 'Files'),
    h('form', { id: 'upload-form', 'data-testid': 'upload-form', class: 'inline', onsubmit: upload },
      h('label', { for: 'upload-file' }, 'File'), input,
      h('label', { for: 'upload-purpose' }, 'Purpose'), purpose, submit),
    message,
    list);

  async function upload(event) {
    event.preventDefault();
    if (!input.files?.length) return;
    const form = new FormData();
    form.append('purpose', purpose.value);
    form.append('file', input.files[0]);
    submit.disabled = true;
    message.replaceChildren(h('p', {}, 'Uploading and checking…'));
    try {
      const file = await api('/v1/files', { method: 'POST', body: form, signal });
      message.replaceChildren(h('p', { 'data-testid': 'upload-done' }, `Uploaded ${file.filename} as ${file.id}.`));
      input.value = '';
      await refresh();
    } catch (error) {
      if (!signal.aborted) message.replaceChildren(errorText(error, 'upload-error'));
    } finally {
      submit.disabled = false;
    }
  }

  async function remove(file) {
    if (!confirm(`Delete ${file.filename} (${file.id})?`)) return;
    try {
      await api(`/v1/files/${encodeURIComponent(file.id)}`, { method: 'DELETE', signal });
      await refresh();
    } catch (error) {
      if (!signal.aborted) message.replaceChildren(errorText(error, 'delete-error'));
    }
  }

  async function refresh() {
    try {
      const files = await api('/v1/files', { signal });
      list.replaceChildren(files.data.length === 0
        ? h('p', { 'data-testid': 'no-files' }, 'No files yet.')
        : table({ id: 'files-table', 'data-testid': 'files-table' },
          ['File', 'Name', 'Purpose', 'Size', 'Created', 'Status', 'Actions'],
          files.data.map((f) => ({
            attributes: { 'data-testid': 'file-row', 'data-file-id': f.id },
            cells: [
              f.purpose === 'fine-tune'
                ? h('a', { href: `#/files/${encodeURIComponent(f.id)}`, 'data-testid': 'file-report-link' }, f.id)
                : f.id,
              f.filename, f.purpose, bytes(f.bytes), time(f.created_at), f.status,
              h('button', { type: 'button', class: 'link danger', 'data-testid': 'file-delete', onclick: () => remove(f) }, 'Delete'),
            ],
          }))));
    } catch (error) {
      if (!signal.aborted) list.replaceChildren(errorText(error, 'files-error'));
    }
  }

  await refresh();
}

export async function fileReportView(root, { id }, signal) {
  const body = h('div', { id: 'report-body' }, h('p', {}, 'Loading the report…'));
  const model = h('select', { id: 'report-model', 'data-testid': 'report-model' }, h('option', { value: '' }, 'none (as uploaded)'));
  root.replaceChildren(
    h('p', {}, h('a', { href: '#/files' }, '← All files')),
    h('h1', {}, 'Dataset report ', h('code', { 'data-testid': 'report-file-id' }, id)),
    h('div', { class: 'field inline' }, h('label', { for: 'report-model' }, 'Count tokens with the tokenizer of'), model),
    body);
  model.addEventListener('change', () => load(model.value));
  api('/v1/models', { signal })
    .then((models) => model.append(...models.data.map((m) => h('option', { value: m.id }, m.id))))
    .catch(() => {});

  async function load(modelId) {
    body.replaceChildren(h('p', {}, modelId ? `Counting tokens with ${modelId}…` : 'Loading the report…'));
    try {
      const query = modelId ? `?model=${encodeURIComponent(modelId)}` : '';
      const answer = await api(`/v1/files/${encodeURIComponent(id)}/report${query}`, { signal });
      body.replaceChildren(...renderReport(answer));
    } catch (error) {
      if (!signal.aborted) body.replaceChildren(errorText(error, 'report-error'));
    }
  }

  await load('');
}

function renderReport({ filename, model, report }) {
  const s = report.statistics ?? {};
  const facts = [
    ['File', filename],
    ['Example format', report.example_format ?? 'unknown'],
    ['Verdict', report.severity],
    ['Records read', num(report.records, 0)],
    ['Valid examples', num(report.valid_examples, 0)],
    ['Kept after cleaning rules', num(report.kept_examples, 0)],
    ['Messages per example (min / mean / max)', `${s.min_messages} / ${num(s.mean_messages, 2)} / ${s.max_messages}`],
  ];
  if (s.total_tokens !== undefined) {
    facts.push([`Tokens per example with ${model} (min / median / p95 / max)`, `${s.min_tokens} / ${s.median_tokens} / ${s.p95_tokens} / ${s.max_tokens}`]);
    facts.push(['Total tokens (one epoch)', num(s.total_tokens, 0)]);
    if (s.context_length !== undefined) facts.push([`Examples over the context of ${s.context_length}`, num(s.over_context, 0)]);
  } else {
    facts.push(['Tokens', 'choose a model above to count them']);
  }
  const parts = [table({ id: 'report-summary', 'data-testid': 'report-summary', class: 'facts-table' }, ['Item', 'Value'],
    facts.map(([name, value]) => ({ attributes: { 'data-item': name }, cells: [name, String(value)] })))];

  const flagged = Object.entries(report.flagged_by_rule ?? {});
  if (flagged.length > 0) {
    parts.push(h('h2', {}, 'Cleaning rules (examples flagged)'),
      table({ id: 'report-flagged', 'data-testid': 'report-flagged' }, ['Rule', 'Examples'], flagged.map(([rule, n]) => [rule, String(n)])));
  }
  const labels = Object.entries(report.labels ?? {}).sort((a, b) => b[1] - a[1]);
  if (labels.length > 0) {
    parts.push(h('h2', {}, `Labels (${labels.length})`),
      table({ id: 'report-labels', 'data-testid': 'report-labels' }, ['Label', 'Examples'], labels.map(([label, n]) => [label, String(n)])));
  }
  const counts = Object.entries(report.issue_counts ?? {});
  parts.push(h('h2', {}, 'Problems'));
  if (counts.length === 0) {
    parts.push(h('p', { 'data-testid': 'report-no-issues' }, 'None found.'));
  } else {
    parts.push(table({ id: 'report-issue-counts', 'data-testid': 'report-issue-counts' }, ['Code', 'Count'], counts.map(([code, n]) => [code, String(n)])),
      table({ id: 'report-issues', 'data-testid': 'report-issues' }, ['Line', 'Severity', 'Code', 'Message'],
        (report.issues ?? []).map((i) => [i.line === undefined ? '—' : String(i.line), i.severity, i.code, i.message])));
    if (report.issues_omitted > 0) parts.push(h('p', {}, `${report.issues_omitted} more problems not listed.`));
  }
  return parts;
}
