/** A validated customer record: every schema field present with the right type and range. */
export type CustomerRecord = Readonly<Record<string, string | number | boolean>>;
