// The add/edit form in a modal dialog. The server validates: its 422 errors are shown next to
// the fields they name, anything else at the top of the form.

import { ApiError, call } from './api.js';
import { h } from './dom.js';

export class Editor {
  constructor(resource, onSaved) {
    this.resource = resource;
    this.onSaved = onSaved;
    this.record = null;
    this.inputs = {};
    this.errors = {};
    this.heading = h('h2', { id: 'editor-heading' });
    this.message = h('p', { class: 'form-error', id: 'editor-message', role: 'alert', hidden: true });
    this.save = h('button', { type: 'submit', class: 'primary', id: 'editor-save' }, 'Save');
    const cancel = h('button', { type: 'button', id: 'editor-cancel' }, 'Cancel');
    cancel.addEventListener('click', () => this.dialog.close());
    this.form = h('form', { novalidate: true, 'aria-labelledby': 'editor-heading' },
      this.heading, this.message, resource.fields.map((field) => this.row(field)),
      h('div', { class: 'buttons' }, this.save, cancel));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.dialog = h('dialog', { id: 'editor', 'aria-labelledby': 'editor-heading' }, this.form);
    document.body.append(this.dialog);
  }

  row(field) {
    const id = `field-${field.name}`;
    const input = h('input', {
      id, name: field.name, type: 'text', autocomplete: 'off',
      'aria-required': field.required ? 'true' : null,
      inputmode: field.kind === 'year' ? 'numeric' : null,
      'aria-describedby': `${id}-error`,
    });
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    this.inputs[field.name] = input;
    this.errors[field.name] = error;
    const hint = field.required ? h('span', { class: 'hint' }, ' (required)') : h('span', { class: 'hint' }, ' (optional)');
    return h('div', { class: 'field' }, h('label', { for: id }, field.label, hint), input, error);
  }

  /** Opens the form empty (add) or filled with {@code record} (edit). */
  open(record = null) {
    this.record = record;
    this.heading.textContent = record ? `Edit “${record.title}”` : `Add a ${this.resource.singular}`;
    this.save.textContent = record ? 'Save changes' : `Add ${this.resource.singular}`;
    for (const field of this.resource.fields) {
      const value = record ? record[field.name] : null;
      this.inputs[field.name].value = value === null || value === undefined ? '' : String(value);
    }
    this.clearErrors();
    this.dialog.showModal();
    this.inputs[this.resource.fields[0].name].focus();
  }

  /** The record being edited was deleted elsewhere. */
  gone(id) {
    if (this.dialog.open && this.record && this.record.id === id) {
      this.show(`This ${this.resource.singular} was deleted by someone else; it can no longer be saved.`);
      this.save.disabled = true;
    }
  }

  values() {
    const values = {};
    for (const field of this.resource.fields) {
      const raw = this.inputs[field.name].value.trim();
      if (field.kind === 'year') {
        // Digits become a number; anything else goes as typed so the server can say what is wrong.
        values[field.name] = raw === '' ? null : (/^\d+$/.test(raw) ? Number(raw) : raw);
      } else {
        values[field.name] = raw;
      }
    }
    return values;
  }

  async submit() {
    this.clearErrors();
    this.save.disabled = true;
    this.form.setAttribute('aria-busy', 'true');
    const editing = this.record;
    try {
      const saved = editing
        ? await call('PUT', `/${this.resource.name}/${editing.id}`, this.values(), { ifMatch: editing.version })
        : await call('POST', `/${this.resource.name}`, this.values());
      this.dialog.close();
      this.onSaved(saved, editing ? 'updated' : 'created');
    } catch (e) {
      this.showFailure(e);
    } finally {
      this.save.disabled = false;
      this.form.removeAttribute('aria-busy');
    }
  }

  showFailure(e) {
    if (!(e instanceof ApiError)) {
      throw e;
    }
    const unplaced = [];
    for (const { field, message } of e.fieldErrors) {
      const error = this.errors[field];
      if (error) {
        error.textContent = `${this.resource.fields.find((f) => f.name === field).label} ${message}.`;
        error.hidden = false;
        this.inputs[field].setAttribute('aria-invalid', 'true');
      } else {
        unplaced.push(`${field} ${message}`);
      }
    }
    if (e.kind === 'invalid') {
      this.show(unplaced.length ? `Please fix: ${unplaced.join('; ')}.` : 'Please fix the fields marked below.');
      const first = this.resource.fields.find((f) => this.inputs[f.name].getAttribute('aria-invalid'));
      if (first) {
        this.inputs[first.name].focus();
      }
    } else if (e.status === 412) {
      this.show(`Someone else changed this ${this.resource.singular} since you opened it. `
        + 'Cancel and open it again to see their version; saving now would overwrite it.');
    } else {
      this.show(e.message);
    }
  }

  show(text) {
    this.message.textContent = text;
    this.message.hidden = false;
  }

  clearErrors() {
    this.message.hidden = true;
    this.save.disabled = false;
    for (const field of this.resource.fields) {
      this.errors[field.name].hidden = true;
      this.errors[field.name].textContent = '';
      this.inputs[field.name].removeAttribute('aria-invalid');
    }
  }
}

/** A yes/no question in a modal dialog; Escape and Cancel answer no. */
export class Confirm {
  constructor() {
    this.text = h('p', { id: 'confirm-text' });
    this.yes = h('button', { type: 'button', class: 'danger', id: 'confirm-yes' }, 'Delete');
    const no = h('button', { type: 'button', id: 'confirm-no' }, 'Cancel');
    this.dialog = h('dialog', { id: 'confirm', 'aria-describedby': 'confirm-text', role: 'alertdialog' },
      this.text, h('div', { class: 'buttons' }, this.yes, no));
    this.yes.addEventListener('click', () => this.dialog.close('yes'));
    no.addEventListener('click', () => this.dialog.close('no'));
    document.body.append(this.dialog);
  }

  /** Resolves true if the user confirmed. */
  ask(question, action) {
    this.text.textContent = question;
    this.yes.textContent = action;
    this.dialog.returnValue = 'no';
    this.dialog.showModal();
    // Cancel first: a stray Enter must not delete anything.
    this.dialog.querySelector('#confirm-no').focus();
    return new Promise((resolve) => {
      this.dialog.addEventListener('close', () => resolve(this.dialog.returnValue === 'yes'), { once: true });
    });
  }
}

/** Asks for the access token in a modal dialog; resolves to it, or null on Cancel/Escape. */
export class TokenPrompt {
  constructor() {
    this.reason = h('p', { id: 'token-reason' });
    this.input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off' });
    const ok = h('button', { type: 'submit', class: 'primary', id: 'token-ok' }, 'Use token');
    const cancel = h('button', { type: 'button', id: 'token-cancel' }, 'Cancel');
    const form = h('form', { novalidate: true },
      h('h2', { id: 'token-heading' }, 'Access token needed'), this.reason,
      h('div', { class: 'field' }, h('label', { for: 'token' }, 'Access token'), this.input),
      h('div', { class: 'buttons' }, ok, cancel));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.dialog.close(this.input.value.trim() ? 'ok' : 'cancel');
    });
    cancel.addEventListener('click', () => this.dialog.close('cancel'));
    this.dialog = h('dialog', { id: 'token-dialog', 'aria-labelledby': 'token-heading' }, form);
    document.body.append(this.dialog);
  }

  ask(reason) {
    this.reason.textContent = `${reason}. It stays in this tab only.`;
    this.input.value = '';
    this.dialog.returnValue = 'cancel';
    this.dialog.showModal();
    this.input.focus();
    return new Promise((resolve) => {
      this.dialog.addEventListener('close',
        () => resolve(this.dialog.returnValue === 'ok' ? this.input.value.trim() : null), { once: true });
    });
  }
}
