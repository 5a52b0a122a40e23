/**
 * Risk said indirectly or in shorthand: negated verbs that do not cancel the risk after them,
 * call-handler shorthand, a child kept out of school however it is put, violence at home or school.
 */
import { describe, expect, it } from 'vitest';
import { defaultTriageRules, triage } from '../../shared/domain/triage';
import { CONTEXT, email, phone } from '../support/triage-fixtures';

describe('risk said indirectly or in shorthand', () => {
  const rules = defaultTriageRules();
  const priorityOf = (body: string): string => triage(email(body), rules, CONTEXT).priority;
  const callPriorityOf = (summary: string): string => triage(phone(summary), rules, CONTEXT).priority;

  it('does not let a negated verb cancel the risk that follows it', () => {
    expect(priorityOf("I can't stop him hurting himself at night.")).toBe('urgent');
    expect(priorityOf('Nobody at school knows she has been cutting again.')).toBe('urgent');
    expect(priorityOf('He is not suicidal and has never self-harmed.')).toBe('normal');
    expect(priorityOf('He has not been excluded, he is doing well.')).toBe('normal');
  });

  it('reads call-handler shorthand for a child at risk and out of school', () => {
    expect(callPriorityOf('Mum v upset, DS (13) said wants to end it. GP aware.')).toBe('urgent');
    expect(callPriorityOf('Dad re DD (11), not in sch since Oct, no tuition.')).toBe('urgent');
  });

  it('hears a child kept out of school however it is put', () => {
    expect(priorityOf('The school said she cannot come back until they find a helper.')).toBe('urgent');
    expect(priorityOf('He has been sat at home since the start of term.')).toBe('urgent');
    expect(priorityOf('His managed move broke down and he was removed from roll.')).toBe('urgent');
    expect(priorityOf('They sent Oliver home again and said not to bring him back until Friday.')).toBe(
      'urgent',
    );
    expect(priorityOf('He was sent home with a temperature on Monday but is back in now.')).toBe('normal');
  });

  it('hears violence and physical harm at home or at school', () => {
    expect(priorityOf('Last week he threatened his sister with a kitchen knife.')).toBe('urgent');
    expect(priorityOf('Honestly I cannot keep either of them safe.')).toBe('urgent');
    expect(priorityOf('She came home with bruises where a member of staff grabbed her.')).toBe('urgent');
    expect(priorityOf('He is learning to use a knife and fork at lunch.')).toBe('normal');
  });
});
