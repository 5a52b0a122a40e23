/**
 * The rules shipped in `config/triage-rules.json` and `config/kent-gazetteer.json`. The files are
 * imported, so bundlers bake them into each function and no file access is needed at run time.
 */
import shippedGazetteer from '../../../config/kent-gazetteer.json' with { type: 'json' };
import shippedRules from '../../../config/triage-rules.json' with { type: 'json' };
import { parseTriageRules, type TriageRules } from './rules-schema';

let shipped: TriageRules | undefined;

/** The shipped triage rules and gazetteer, validated once. @throws TriageRulesError if a shipped file is invalid. */
export function defaultTriageRules(): TriageRules {
  shipped ??= parseTriageRules(shippedRules, shippedGazetteer, {
    rules: 'config/triage-rules.json',
    gazetteer: 'config/kent-gazetteer.json',
  });
  return shipped;
}
