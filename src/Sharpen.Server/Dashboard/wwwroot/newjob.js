// #/new: start a fine-tuning job — base model from /v1/models, files from /v1/files, hyperparameters or "auto".
import { api } from './api.js';
import { h, errorText } from './dom.js';

export async function newJobView(root, _params, signal) {
  root.replaceChildren(h('h1', {}, 'Start a fine-tuning job'), h('p', {}, 'Loading models and files…'));
  let models;
  let files;
  try {
    [models, files] = await Promise.all([
      api('/v1/models', { signal }),
      api('/v1/files?purpose=fine-tune', { signal }),
    ]);
  } catch (error) {
    if (!signal.aborted) root.replaceChildren(h('h1', {}, 'Start a fine-tuning job'), errorText(error));
    return;
  }

  const fileOptions = files.data.map((f) => h('option', { value: f.id }, `${f.filename} (${f.id})`));
  // Jobs start from base models; fine-tuned (ft:) models are not accepted as a base.
  const model = h('select', { id: 'job-model', name: 'model', 'data-testid': 'job-model', required: true },
    models.data.filter((m) => !m.id.startsWith('ft:')).map((m) => h('option', { value: m.id }, m.id)));
  const training = h('select', { id: 'job-training-file', name: 'training_file', 'data-testid': 'job-training-file', required: true },
    fileOptions.map((o) => o.cloneNode(true)));
  const validation = h('select', { id: 'job-validation-file', name: 'validation_file', 'data-testid': 'job-validation-file' },
    h('option', { value: '' }, 'none'), fileOptions);
  const epochs = numberInput('job-epochs', 'n_epochs', '1', 'auto');
  const batch = numberInput('job-batch-size', 'batch_size', '1', 'auto');
  const rate = numberInput('job-lr-multiplier', 'learning_rate_multiplier', 'any', 'auto');
  const method = h('select', { id: 'job-method', name: 'sharpen.method', 'data-testid': 'job-method' },
    [['lora', 'LoRA (default)'], ['qlora', 'QLoRA'], ['full', 'Full fine-tuning']].map(([value, label]) => h('option', { value }, label)));
  const rank = numberInput('job-lora-rank', 'sharpen.lora.rank', '1', 'default (8)');
  const embeddings = h('input', { id: 'job-train-embeddings', name: 'sharpen.lora.train_embeddings', type: 'checkbox', 'data-testid': 'job-train-embeddings' });
  const suffix = h('input', { id: 'job-suffix', name: 'suffix', 'data-testid': 'job-suffix', maxlength: '64', placeholder: 'optional' });
  const seed = numberInput('job-seed', 'seed', '1', 'random');
  const message = h('div', { id: 'new-job-message' });
  const submit = h('button', { type: 'submit', id: 'job-submit', 'data-testid': 'job-submit' }, 'Start the job');

  const form = h('form', { id: 'new-job-form', 'data-testid': 'new-job-form', class: 'stack', onsubmit: start },
    field('Base model', model),
    field('Training file', training, files.data.length === 0 ? h('a', { href: '#/files' }, 'Upload a fine-tune file first.') : null),
    field('Validation file', validation),
    h('fieldset', {},
      h('legend', {}, 'Hyperparameters (empty = auto)'),
      field('Epochs', epochs), field('Batch size', batch), field('Learning-rate multiplier', rate)),
    h('fieldset', {},
      h('legend', {}, 'Method (Sharpen extension)'),
      field('Training method', method),
      field('LoRA rank', rank),
      h('div', { class: 'check' }, embeddings,
        h('label', { for: 'job-train-embeddings' }, 'Also train the embeddings (needed when answers use tokens the base model never writes)'))),
    field('Model name suffix', suffix),
    field('Seed', seed),
    submit,
    message);
  root.replaceChildren(h('h1', {}, 'Start a fine-tuning job'), form);

  async function start(event) {
    event.preventDefault();
    submit.disabled = true;
    message.replaceChildren();
    const hyperparameters = {};
    for (const [input, key, parse] of [[epochs, 'n_epochs', parseInt], [batch, 'batch_size', parseInt], [rate, 'learning_rate_multiplier', parseFloat]]) {
      hyperparameters[key] = input.value.trim() === '' ? 'auto' : parse(input.value);
    }
    const request = {
      model: model.value,
      training_file: training.value,
      method: { type: 'supervised', supervised: { hyperparameters } },
    };
    if (validation.value) request.validation_file = validation.value;
    request.sharpen = { method: method.value };
    if (method.value !== 'full') {
      const lora = {};
      if (rank.value.trim()) lora.rank = parseInt(rank.value, 10);
      if (embeddings.checked) lora.train_embeddings = true;
      if (Object.keys(lora).length > 0) request.sharpen.lora = lora;
    }
    if (suffix.value.trim()) request.suffix = suffix.value.trim();
    if (seed.value.trim()) request.seed = parseInt(seed.value, 10);
    try {
      const job = await api('/v1/fine_tuning/jobs', { method: 'POST', body: request, signal });
      location.hash = `#/jobs/${encodeURIComponent(job.id)}`;
    } catch (error) {
      if (!signal.aborted) message.replaceChildren(errorText(error, 'new-job-error'));
      submit.disabled = false;
    }
  }
}

function numberInput(id, name, step, placeholder) {
  return h('input', { id, name, type: 'number', min: step === 'any' ? '0' : '1', step, placeholder, 'data-testid': id });
}

function field(label, control, extra) {
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, extra);
}
