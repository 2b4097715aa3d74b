import { type ErrorPath, FormErrors } from '../errors.js';
import { checkModalComponents } from './components.js';
import { checkObject, checkString } from './fields.js';

export interface ModalInput {
  custom_id: string;
  title: string;
  components: Record<string, unknown>[];
}

/** A MODAL (type 9) callback's data: custom_id 1–100, title 1–45, 1–5 rows of inputs. */
export function validateModal(data: unknown, path: ErrorPath): ModalInput {
  const errors = new FormErrors();
  const modal = checkObject(errors, path, data, true);
  if (modal) {
    checkString(errors, [...path, 'custom_id'], modal.custom_id, { min: 1, max: 100, required: true });
    checkString(errors, [...path, 'title'], modal.title, { min: 1, max: 45, required: true });
    checkModalComponents(errors, [...path, 'components'], modal.components);
  }
  errors.throwIfAny();
  const valid = modal as Record<string, unknown>;
  return {
    custom_id: valid.custom_id as string,
    title: valid.title as string,
    components: valid.components as Record<string, unknown>[],
  };
}
