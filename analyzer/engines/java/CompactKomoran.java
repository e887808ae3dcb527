// Komoran's dictionary in a form that loads in a third of the time: compiled and run by
// analyzer/engines/komoran_model.py, which keeps the class and the converted dictionary in a cache folder.
//
// Komoran 3 (as bundled with KoNLPy) reads observation.model through Java serialization, one readObject per
// trie node, then walks the whole trie to link each node to its failure node: most of its start.
// `prepare` stores the same trie (keys, scored tags, children, failure links as pre-order numbers) as plain
// big-endian data and checks that it reads back to the same trie through the loader below; `load` maps it
// and gives Komoran (started on a stub folder whose observation.model is empty) a root whose nodes are made
// from the mapped arrays as tagging reaches them (LazyTrie). Nodes with equal scored tags share one list (4.5k
// distinct lists among 355k nodes with a value), which Komoran only ever reads.
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.co.shineware.ds.aho_corasick.AhoCorasickDictionary;
import kr.co.shineware.ds.aho_corasick.model.AhoCorasickNode;
import kr.co.shineware.nlp.komoran.core.Komoran;
import kr.co.shineware.nlp.komoran.core.model.Resources;
import kr.co.shineware.nlp.komoran.model.ScoredTag;
import kr.co.shineware.nlp.komoran.model.Token;

public final class CompactKomoran {
    private static final int MAGIC = 0x4b4d5233; // "KMR3": the arrays read in place

    private CompactKomoran() {}

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field found = owner.getDeclaredField(name);
        found.setAccessible(true);
        return found;
    }

    @SuppressWarnings("unchecked")
    private static AhoCorasickNode<List<ScoredTag>> root(AhoCorasickDictionary<List<ScoredTag>> dictionary)
            throws ReflectiveOperationException {
        return (AhoCorasickNode<List<ScoredTag>>) field(AhoCorasickDictionary.class, "root").get(dictionary);
    }

    /** The observation trie as Komoran itself loads it: deserialized, failure links built. */
    private static AhoCorasickNode<List<ScoredTag>> stockTrie(String observationModel) throws ReflectiveOperationException {
        AhoCorasickDictionary<List<ScoredTag>> dictionary = new AhoCorasickDictionary<>();
        dictionary.load(observationModel);
        dictionary.buildFailLink();
        return root(dictionary);
    }

    /** Nodes in pre-order (the root first): the numbering of the failure links. */
    private static List<AhoCorasickNode<List<ScoredTag>>> preOrder(AhoCorasickNode<List<ScoredTag>> root) {
        List<AhoCorasickNode<List<ScoredTag>>> order = new ArrayList<>();
        ArrayDeque<AhoCorasickNode<List<ScoredTag>>> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            AhoCorasickNode<List<ScoredTag>> node = stack.pop();
            order.add(node);
            AhoCorasickNode<List<ScoredTag>>[] children = node.getChildren();
            if (children != null) {
                for (int i = children.length - 1; i >= 0; i--) {
                    stack.push(children[i]);
                }
            }
        }
        return order;
    }

    private static void write(List<AhoCorasickNode<List<ScoredTag>>> order,
            Map<AhoCorasickNode<List<ScoredTag>>, Integer> number, String partial) throws IOException {
        Map<String, Integer> tags = new LinkedHashMap<>();
        Map<String, Integer> listNumber = new LinkedHashMap<>(); // 355k values, 4.5k distinct: stored once each
        List<List<ScoredTag>> lists = new ArrayList<>();
        int[] valueOf = new int[order.size()];
        for (int i = 0; i < order.size(); i++) {
            List<ScoredTag> value = order.get(i).getValue();
            if (value == null) {
                valueOf[i] = -1;
                continue;
            }
            if (value.getClass() != ArrayList.class) {
                throw new IOException("unexpected observation value " + value.getClass());
            }
            StringBuilder key = new StringBuilder();
            for (ScoredTag tag : value) {
                if (tag.getClass() != ScoredTag.class) {
                    throw new IOException("unexpected observation tag " + tag.getClass());
                }
                tags.putIfAbsent(tag.getTag(), tags.size());
                key.append(tag.getTag()).append('\0').append(tag.getTagId()).append('\0')
                    .append(Double.doubleToLongBits(tag.getScore())).append('\n');
            }
            Integer known = listNumber.putIfAbsent(key.toString(), lists.size());
            if (known == null) {
                valueOf[i] = lists.size();
                lists.add(value);
            } else {
                valueOf[i] = known;
            }
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(partial), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(tags.size());
            for (String tag : tags.keySet()) {
                byte[] utf8 = tag.getBytes(StandardCharsets.UTF_8);
                out.writeShort(utf8.length);
                out.write(utf8);
            }
            out.writeInt(lists.size());
            for (List<ScoredTag> value : lists) {
                out.writeInt(value.size());
                for (ScoredTag tag : value) {
                    out.writeShort(tags.get(tag.getTag()));
                    out.writeInt(tag.getTagId());
                    out.writeDouble(tag.getScore());
                }
            }
            int n = order.size();
            out.writeInt(n);
            // The arrays LazyTrie reads in place (see there), each whole, in this order.
            for (AhoCorasickNode<List<ScoredTag>> node : order) {
                out.writeChar(node.getKey());
            }
            for (int i = 0; i < n; i++) {
                out.writeInt(valueOf[i]);
            }
            for (AhoCorasickNode<List<ScoredTag>> node : order) {
                out.writeInt(node.getFailNode() == null ? -1 : number.get(node.getFailNode()));
            }
            for (AhoCorasickNode<List<ScoredTag>> node : order) {
                out.writeInt(node.getParent() == null ? -1 : number.get(node.getParent()));
            }
            // Pre-order numbers each node's children after it; childIds lists them node by node, in key order.
            int[] childIds = new int[Math.max(n - 1, 0)];
            int next = 0;
            out.writeInt(0);
            for (AhoCorasickNode<List<ScoredTag>> node : order) {
                AhoCorasickNode<List<ScoredTag>>[] children = node.getChildren();
                if (children != null) {
                    for (AhoCorasickNode<List<ScoredTag>> child : children) {
                        childIds[next++] = number.get(child);
                    }
                }
                out.writeInt(next);
            }
            for (int id : childIds) {
                out.writeInt(id);
            }
        }
    }

    /** The observation trie in `compact` (see LazyTrie): its root. */
    private static AhoCorasickNode<List<ScoredTag>> compactTrie(String compact) throws IOException {
        try (FileChannel channel = FileChannel.open(Paths.get(compact))) {
            // The mapping outlives the channel; its pages are the page cache's, shared by every process that tags.
            return new LazyTrie(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()), compact).node(0);
        }
    }

    /**
     * The trie's data read in place from the mapped file, its node objects made when a walk first reaches them.
     * Komoran reaches only the prefixes of what it tags, and only through the nodes' getters
     * (AhoCorasickDictionary, FindContext), so loading reads the tags and scored-tag lists and maps the arrays
     * (keys, values, failure links, parents, where each node's children start, the children): a process
     * touches only the pages of the nodes it visits. A node's children, failure node and parent are linked on
     * its first visit, under the trie's lock (a scan may tag from more than one thread); a number out of range
     * there means the file was damaged after `prepare` checked it.
     */
    private static final class LazyTrie {
        private final ByteBuffer data;
        private final int n;
        private final int keysAt;
        private final int valuesAt;
        private final int failsAt;
        private final int parentsAt;
        private final int firstChildAt; // the children of node i: child(firstChild(i)) .. child(firstChild(i + 1) - 1)
        private final int childIdsAt;
        private final List<List<ScoredTag>> lists = new ArrayList<>();
        private final LazyNode[] nodes;
        private final String compact;

        LazyTrie(ByteBuffer data, String compact) throws IOException {
            this.data = data;
            this.compact = compact;
            try {
                if (data.getInt() != MAGIC) {
                    throw new IOException("not a compact Komoran dictionary: " + compact);
                }
                String[] tags = new String[data.getInt()];
                for (int i = 0; i < tags.length; i++) {
                    byte[] utf8 = new byte[data.getShort()];
                    data.get(utf8);
                    tags[i] = new String(utf8, StandardCharsets.UTF_8);
                }
                // Nodes with equal scored tags share one list: Komoran only reads them (a user dictionary is an
                // Observation of its own).
                for (int count = data.getInt(); lists.size() < count; ) {
                    int values = data.getInt();
                    ArrayList<ScoredTag> value = new ArrayList<>(values);
                    for (int v = 0; v < values; v++) {
                        String tag = tags[data.getShort()];
                        int tagId = data.getInt();
                        value.add(new ScoredTag(tag, tagId, data.getDouble()));
                    }
                    lists.add(value);
                }
                n = data.getInt();
            } catch (RuntimeException err) { // past the end, a negative size, a tag number out of range
                throw new IOException("truncated or corrupt compact Komoran dictionary: " + compact, err);
            }
            keysAt = data.position();
            valuesAt = keysAt + 2 * n;
            failsAt = valuesAt + 4 * n;
            parentsAt = failsAt + 4 * n;
            firstChildAt = parentsAt + 4 * n;
            childIdsAt = firstChildAt + 4 * (n + 1);
            long size = (long) childIdsAt + 4L * Math.max(n - 1, 0);
            if (n <= 0 || n > (Integer.MAX_VALUE - keysAt) / 22 || size != data.capacity()) {
                throw new IOException("truncated or corrupt compact Komoran dictionary: " + compact + " holds "
                    + data.capacity() + " bytes, its header says " + size);
            }
            nodes = new LazyNode[n];
        }

        /** `data`'s int at `at`, checked to lie in [low, high): a damaged file fails clearly, not silently. */
        private int number(int at, int low, int high) {
            int value = data.getInt(at);
            if (value < low || value >= high) {
                throw new IllegalStateException("corrupt compact Komoran dictionary: " + compact
                    + " (remove it, or run `analyzer models prepare`)");
            }
            return value;
        }

        char key(int id) {
            return data.getChar(keysAt + 2 * id);
        }

        List<ScoredTag> value(int id) {
            int list = number(valuesAt + 4 * id, -1, lists.size());
            return list < 0 ? null : lists.get(list);
        }

        synchronized LazyNode node(int id) {
            LazyNode node = nodes[id];
            if (node == null) {
                node = new LazyNode(this, id);
                nodes[id] = node;
            }
            return node;
        }

        @SuppressWarnings("unchecked")
        synchronized void link(LazyNode node) {
            if (node.linked) {
                return;
            }
            int id = node.id;
            int from = number(firstChildAt + 4 * id, 0, n);
            int to = number(firstChildAt + 4 * (id + 1), from, n);
            if (to > from) {
                AhoCorasickNode<List<ScoredTag>>[] children = new AhoCorasickNode[to - from];
                for (int k = from; k < to; k++) {
                    children[k - from] = node(number(childIdsAt + 4 * k, 1, n));
                }
                node.setChildren(children);
            }
            int fail = number(failsAt + 4 * id, -1, n);
            if (fail >= 0) {
                node.setFailNode(node(fail));
            }
            int parent = number(parentsAt + 4 * id, -1, n);
            if (parent >= 0) {
                node.setParent(node(parent));
            }
            node.linked = true;
        }
    }

    /** A trie node whose children, failure node and parent are made on its first visit. */
    private static final class LazyNode extends AhoCorasickNode<List<ScoredTag>> {
        private static final long serialVersionUID = 1L;
        private final transient LazyTrie trie;
        private final int id;
        private volatile boolean linked;

        LazyNode(LazyTrie trie, int id) {
            this.trie = trie;
            this.id = id;
            setKey(trie.key(id));
            List<ScoredTag> value = trie.value(id);
            if (value != null) {
                setValue(value);
            }
        }

        @Override
        public AhoCorasickNode<List<ScoredTag>>[] getChildren() {
            if (!linked) {
                trie.link(this);
            }
            return super.getChildren();
        }

        @Override
        public AhoCorasickNode<List<ScoredTag>> getFailNode() {
            if (!linked) {
                trie.link(this);
            }
            return super.getFailNode();
        }

        @Override
        public AhoCorasickNode<List<ScoredTag>> getParent() {
            if (!linked) {
                trie.link(this);
            }
            return super.getParent();
        }
    }

    /** A Komoran on `stubModels` (Komoran's model folder with an empty observation.model) given the compact trie. */
    public static Komoran load(String stubModels, String compact) throws Exception {
        AhoCorasickNode<List<ScoredTag>> root = compactTrie(compact);
        Komoran komoran = new Komoran(stubModels);
        Resources resources = (Resources) field(Komoran.class, "resources").get(komoran);
        field(AhoCorasickDictionary.class, "root").set(resources.getObservation().getTrieDictionary(), root);
        return komoran;
    }

    /**
     * The tokens of one line as rows "morph TAB pos TAB begin TAB end", each ended by a line break: what
     * Komoran's token list holds, in one call that returns one string (asking for the token list and its string
     * form is two more calls across JPype, and that form is twice as long to build and to parse). Null when the
     * line holds a tab or a line break, which a morpheme could then hold: the caller asks for the token list.
     */
    public static String tokens(Komoran komoran, String line) {
        if (line.indexOf('\t') >= 0 || line.indexOf('\n') >= 0) {
            return null;
        }
        List<Token> found = komoran.analyze(line).getTokenList();
        StringBuilder rows = new StringBuilder(found.size() * 16);
        for (Token token : found) {
            rows.append(token.getMorph()).append('\t').append(token.getPos()).append('\t')
                    .append(token.getBeginIndex()).append('\t').append(token.getEndIndex()).append('\n');
        }
        return rows.toString();
    }

    /** SHA-256 over every node in pre-order: key, parent, failure node, children, scored tags. */
    private static byte[] digest(List<AhoCorasickNode<List<ScoredTag>>> order,
            Map<AhoCorasickNode<List<ScoredTag>>, Integer> number) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer record = ByteBuffer.allocate(1 << 16);
        for (AhoCorasickNode<List<ScoredTag>> node : order) {
            record.clear();
            record.putChar(node.getKey());
            record.putInt(node.getParent() == null ? -1 : number.get(node.getParent()));
            record.putInt(node.getFailNode() == null ? -1 : number.get(node.getFailNode()));
            record.putInt(node.getChildren() == null ? -1 : node.getChildren().length);
            List<ScoredTag> value = node.getValue();
            record.putInt(value == null ? -1 : value.size());
            sha.update(record.flip());
            if (value != null) {
                for (ScoredTag tag : value) {
                    sha.update(tag.getTag().getBytes(StandardCharsets.UTF_8));
                    record.clear();
                    record.putInt(tag.getTagId());
                    record.putDouble(tag.getScore());
                    sha.update(record.flip());
                }
            }
        }
        return sha.digest();
    }

    private static IdentityHashMap<AhoCorasickNode<List<ScoredTag>>, Integer> numbers(
            List<AhoCorasickNode<List<ScoredTag>>> order) {
        IdentityHashMap<AhoCorasickNode<List<ScoredTag>>, Integer> number = new IdentityHashMap<>(order.size() * 2);
        for (int i = 0; i < order.size(); i++) {
            number.put(order.get(i), i);
        }
        return number;
    }

    /**
     * Converts observation.model into `target`, then reads it back and checks that it gives the same trie
     * (same digest) before moving it into place, and writes the stub folder's empty observation.model.
     */
    public static void prepare(String observationModel, String target, String emptyTarget) throws Exception {
        String partial = target + ".partial";
        List<AhoCorasickNode<List<ScoredTag>>> order = preOrder(stockTrie(observationModel));
        IdentityHashMap<AhoCorasickNode<List<ScoredTag>>, Integer> number = numbers(order);
        write(order, number, partial);
        byte[] expected = digest(order, number);
        order = null; // the stock trie can go before the compact one is built
        number = null;
        List<AhoCorasickNode<List<ScoredTag>>> ours = preOrder(compactTrie(partial));
        if (!MessageDigest.isEqual(expected, digest(ours, numbers(ours)))) {
            throw new IOException("the compact dictionary does not read back as Komoran's own");
        }
        Files.move(Paths.get(partial), Paths.get(target), StandardCopyOption.ATOMIC_MOVE);
        new AhoCorasickDictionary<List<ScoredTag>>().save(emptyTarget);
    }

    /** java CompactKomoran OBSERVATION.model COMPACT EMPTY_OBSERVATION.model: see prepare(). */
    public static void main(String[] args) throws Exception {
        prepare(args[0], args[1], args[2]);
    }
}
