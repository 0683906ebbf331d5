/** Other tools' table formats that are not read, with how to convert each (pandas, which most pipelines have). Imports nothing: the JSON store uses it on every run. */
const CONVERT: ReadonlyArray<[RegExp, string]> = [
  [/\.(parquet|pq)$/, 'Parquet is not supported; convert it to CSV, e.g. pandas.read_parquet(FILE).to_csv("FILE.csv.gz", index=False)'],
  [
    /\.(feather|arrow|ipc)$/,
    'Arrow/Feather is not supported; convert it to CSV, e.g. pandas.read_feather(FILE).to_csv("FILE.csv.gz", index=False)',
  ],
  [
    /\.(xlsx|xls|ods)$/,
    'spreadsheets are not supported; export the sheet as CSV, e.g. pandas.read_excel(FILE).to_csv("FILE.csv", index=False)',
  ],
  [
    /\.(pkl|pickle|joblib|npy|npz|h5|hdf5)$/,
    'binary Python files are not read; write the table as CSV, e.g. DataFrame.to_csv("FILE.csv.gz", index=False)',
  ],
  [
    /\.json$/,
    'a .json file is not read as a table: write one JSON object per line and name it .jsonl, e.g. pandas to_json("FILE.jsonl", orient="records", lines=True)',
  ],
  [/\.(bz2|xz|zst|zip|7z|tar)$/, 'only gzip compression is read; recompress it as .gz (e.g. DataFrame.to_csv("FILE.csv.gz", index=False))'],
];

/** Why a table's format is not known from its name: a format that is not supported (and how to convert it), or an unknown extension. */
export function unknownFormatReason(file: string): string {
  const name = file.toLowerCase();
  for (const [re, why] of CONVERT) if (re.test(name)) return why;
  return 'cannot tell the format from the file name; expected .csv, .tsv, .jsonl or .ndjson (optionally .gz), or set the format explicitly';
}
