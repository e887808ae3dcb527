"""Heavy engines (the JVM behind KoNLPy, spaCy pipelines, translation models), each loaded lazily once per process."""
