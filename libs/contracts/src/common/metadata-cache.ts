/**
 * Memoizes class-validator's metadata lookups. Out of the box, every nested object validated costs
 * a scan of every class with validation metadata in the process (to find inherited rules) plus a
 * regrouping by property; for a health report that was ~2/3 of the validation time. The metadata of
 * a class does not change after its decorators ran, so the lookups are cached per class and the
 * cache is dropped whenever any metadata is added (a class defined later, registerSchema), which
 * keeps the storage's behaviour identical for every other user of class-validator in the process.
 */
import { getMetadataStorage, type MetadataStorage } from 'class-validator';

const INSTALLED = Symbol.for('@switchyard/contracts.metadata-cache');

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Grouping = MetadataStorage['groupByPropertyName'];
type ValidationMetadata = ReturnType<Lookup>[number];

export function installMetadataCache(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;

  let lookups = new Map<object, Map<string, ValidationMetadata[]>>();
  let groupings = new WeakMap<ValidationMetadata[], { [propertyName: string]: ValidationMetadata[] }>();

  const originalLookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const originalGrouping: Grouping = storage.groupByPropertyName.bind(storage);
  const originalAdd = storage.addValidationMetadata.bind(storage);
  const originalAddConstraint = storage.addConstraintMetadata.bind(storage);

  const invalidate = (): void => {
    lookups = new Map();
    groupings = new WeakMap();
  };

  storage.addValidationMetadata = (metadata) => {
    invalidate();
    originalAdd(metadata);
  };
  storage.addConstraintMetadata = (metadata) => {
    invalidate();
    originalAddConstraint(metadata);
  };
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    if (groups !== undefined && groups.length > 0) {
      return originalLookup(targetConstructor, targetSchema, always, strictGroups, groups);
    }
    const key = `${targetSchema}|${always}|${strictGroups}`;
    let perClass = lookups.get(targetConstructor);
    if (perClass === undefined) {
      perClass = new Map();
      lookups.set(targetConstructor, perClass);
    }
    let found = perClass.get(key);
    if (found === undefined) {
      found = originalLookup(targetConstructor, targetSchema, always, strictGroups, groups);
      perClass.set(key, found);
    }
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let grouped = groupings.get(metadata);
    if (grouped === undefined) {
      grouped = originalGrouping(metadata);
      groupings.set(metadata, grouped);
    }
    return grouped;
  };
}
