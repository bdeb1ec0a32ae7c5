/*
 * records: the plain columns of the records the contract stores (x-db,
 * x-column in contract/), read from rows by name and bound as
 * parameters. The functions are made by tools/contract.mjs.
 */
#include "db_internal.h"

#include "db_records.inc"
