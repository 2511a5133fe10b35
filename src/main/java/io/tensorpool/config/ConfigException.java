package io.tensorpool.config;

import io.tensorpool.ExitCode;
import io.tensorpool.TensorPoolException;

/**
 * A configuration or usage error found before Spark starts: an unknown key, a wrong type, an
 * impossible parameter, a missing file: {@link ExitCode#USAGE_OR_CONFIG}. The message is one line naming the key and the rule,
 * e.g. {@code Cannot load config conf/x.yaml: ops[0].kernel_sise is not a key of max_pool2d; did you mean
 * kernel_size? (line 7)}; usage errors end with {@code Run with --help for usage.}
 */
public final class ConfigException extends TensorPoolException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(ExitCode.USAGE_OR_CONFIG, message, null);
    }

    public ConfigException(String message, Throwable cause) {
        super(ExitCode.USAGE_OR_CONFIG, message, cause);
    }
}
