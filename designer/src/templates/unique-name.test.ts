import { describe, expect, it } from 'vitest';
import { uniqueName } from './unique-name';

describe('uniqueName', () => {
  it('keeps a free name', () => {
    expect(uniqueName('New template', ['Other'])).toBe('New template');
  });

  it('numbers a taken name from 2, skipping numbers in use', () => {
    expect(uniqueName('New template', ['New template', 'new template (2)'])).toBe('New template (3)');
  });

  it('never gives a copy of a built-in its exact name', () => {
    expect(uniqueName('Delegation cycle', [], ['Delegation cycle'])).toBe('Delegation cycle (2)');
  });
});
