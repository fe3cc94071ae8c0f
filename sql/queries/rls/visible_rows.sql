-- Every row of a relation that the current role sees: its tenant, then its key.
select t.{tenant}, {key} from {relation} t
