// #/jobs: every fine-tuning job of the key's project with its status, refreshed every few seconds.
import { api } from './api.js';
import { h, table, time, statusBadge, errorText } from './dom.js';

const refreshMs = 3000;

export function jobsView(root, _params, signal) {
  const body = h('div', { id: 'jobs-body' }, h('p', {}, 'Loading jobs…'));
  const updated = h('span', { id: 'jobs-updated', class: 'muted', 'data-testid': 'jobs-updated' });
  root.replaceChildren(
    h('div', { class: 'heading' },
      h('h1', {}, 'Fine-tuning jobs'),
      h('a', { href: '#/new', class: 'button', id: 'start-job-link', 'data-testid': 'start-job-link' }, 'Start a job')),
    h('p', {}, 'Refreshed every few seconds. ', updated),
    body);

  async function refresh() {
    try {
      const jobs = [];
      let after;
      // Page through with the cursor, as the SDKs do, up to a screenful of pages.
      for (let page = 0; page < 5; page++) {
        const query = new URLSearchParams({ limit: '100' });
        if (after) query.set('after', after);
        const list = await api(`/v1/fine_tuning/jobs?${query}`, { signal });
        jobs.push(...list.data);
        if (!list.has_more || list.data.length === 0) break;
        after = list.data[list.data.length - 1].id;
      }
      body.replaceChildren(jobs.length === 0
        ? h('p', { 'data-testid': 'no-jobs' }, 'No jobs yet. ', h('a', { href: '#/new' }, 'Start one.'))
        : table({ id: 'jobs-table', 'data-testid': 'jobs-table' },
          ['Job', 'Status', 'Model', 'Fine-tuned model', 'Created', 'Finished'],
          jobs.map((job) => ({
            attributes: { 'data-testid': 'job-row', 'data-job-id': job.id, 'data-status': job.status },
            cells: [
              h('a', { href: `#/jobs/${encodeURIComponent(job.id)}`, 'data-testid': 'job-link' }, job.id),
              statusBadge(job.status, { 'data-testid': 'job-row-status' }),
              job.model,
              job.fine_tuned_model ?? '—',
              time(job.created_at),
              time(job.finished_at),
            ],
          }))));
      updated.textContent = `Last refreshed ${new Date().toLocaleTimeString()}.`;
    } catch (error) {
      if (signal.aborted) return;
      body.replaceChildren(errorText(error, 'jobs-error'));
    }
  }

  refresh();
  const timer = setInterval(refresh, refreshMs);
  signal.addEventListener('abort', () => clearInterval(timer));
}
