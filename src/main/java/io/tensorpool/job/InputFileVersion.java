package io.tensorpool.job;

/**
 * One input file as an incremental run knows it: a file whose size or modification time differ
 * from an earlier run's is a new version of it (rewritten in place), pooled again.
 *
 * @param path     the file's fully qualified URI, so that relative, {@code ./}-prefixed and
 *                 absolute spellings of one input path name it alike
 * @param size     its length in bytes
 * @param modified its modification time, epoch milliseconds, as the file system reports it
 */
record InputFileVersion(String path, long size, long modified) {
}
