package io.tensorpool.bench;

/** The two pooling operators the issue measures, as config YAML and as output sizes. */
enum Pooling {
    /** {@code MaxPool2d(2, stride=2)}: 3x224x224 to 3x112x112. */
    MAX2("max2", "max_pool2d 2x2/s2", "{op: max_pool2d, kernel_size: 2, stride: 2}", new int[] {3, 112, 112}),
    /** {@code AvgPool2d(3, stride=1, padding=1)}: 3x224x224 to 3x224x224. */
    AVG3("avg3", "avg_pool2d 3x3/s1/p1", "{op: avg_pool2d, kernel_size: 3, stride: 1, padding: 1}",
            new int[] {3, 224, 224});

    private final String id;
    private final String title;
    private final String opYaml;
    private final int[] outputShape;

    Pooling(String id, String title, String opYaml, int[] outputShape) {
        this.id = id;
        this.title = title;
        this.opYaml = opYaml;
        this.outputShape = outputShape;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    /** One entry of {@code ops}, in YAML flow style. */
    String opYaml() {
        return opYaml;
    }

    int[] outputShape() {
        return outputShape.clone();
    }

    /** Output values per record. */
    int outputElements() {
        return outputShape[0] * outputShape[1] * outputShape[2];
    }
}
