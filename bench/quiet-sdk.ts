// Imported first by bench/run.ts: the pinned SDK warns once that its later versions need Node 22
// (Lambda runs Node 24); the warning would land in the middle of the report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
