/**
 * The rules shipped in `config/triage-rules.json`, `config/kent-gazetteer.json` and
 * `config/triage-lexicon.json`, with the trained second opinion of `config/triage-model.json`.
 * The files are imported, so bundlers bake them into each function and no file access is needed
 * at run time.
 */
import shippedGazetteer from '../../../config/kent-gazetteer.json' with { type: 'json' };
import shippedLexicon from '../../../config/triage-lexicon.json' with { type: 'json' };
import shippedModel from '../../../config/triage-model.json' with { type: 'json' };
import shippedRules from '../../../config/triage-rules.json' with { type: 'json' };
import { parseTriageRules, type TriageRules } from './rules-schema';

let shipped: TriageRules | undefined;

/**
 * The shipped triage rules, gazetteer, lexicon and model, validated once.
 * @throws if a shipped file is invalid.
 */
export function defaultTriageRules(): TriageRules {
  shipped ??= parseTriageRules(
    shippedRules,
    shippedGazetteer,
    shippedLexicon,
    {
      rules: 'config/triage-rules.json',
      gazetteer: 'config/kent-gazetteer.json',
      lexicon: 'config/triage-lexicon.json',
      model: 'config/triage-model.json',
    },
    shippedModel,
  );
  return shipped;
}

/**
 * The shipped rules, gazetteer and lexicon with no model: what `npm run train:triage` learns beside,
 * so a retrain works when the shipped model was trained on other features (FEATURE_VERSION bumped).
 * @throws if a shipped file is invalid.
 */
export function shippedRulesWithoutModel(): TriageRules {
  return parseTriageRules(shippedRules, shippedGazetteer, shippedLexicon, {
    rules: 'config/triage-rules.json',
    gazetteer: 'config/kent-gazetteer.json',
    lexicon: 'config/triage-lexicon.json',
  });
}
