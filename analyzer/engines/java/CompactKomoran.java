// Komoran's dictionary in a form that loads in a third of the time: compiled and run by
// analyzer/engines/komoran_model.py, which keeps the class and the converted dictionary in a cache folder.
//
// Komoran 3 (as bundled with KoNLPy) reads observation.model through Java serialization, one readObject per
// trie node, then walks the whole trie to link each node to its failure node: most of its start.
// `prepare` stores the same trie (keys, scored tags, children, failure links as pre-order numbers) as plain
// big-endian data and checks that it reads back to the same trie through the loader below; `load` reads it
// into arrays and gives Komoran (started on a stub folder whose observation.model is empty) a root whose
// nodes are made as tagging reaches them (LazyTrie). Nodes with equal scored tags share one list (4.5k
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

public final class CompactKomoran {
    private static final int MAGIC = 0x4b4d5232; // "KMR2"

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
            out.writeInt(order.size());
            for (int i = 0; i < order.size(); i++) {
                AhoCorasickNode<List<ScoredTag>> node = order.get(i);
                out.writeChar(node.getKey());
                out.writeInt(valueOf[i]);
                AhoCorasickNode<List<ScoredTag>>[] children = node.getChildren();
                out.writeInt(children == null ? 0 : children.length);
                AhoCorasickNode<List<ScoredTag>> fail = node.getFailNode();
                out.writeInt(fail == null ? -1 : number.get(fail));
            }
        }
    }

    /** The observation trie in `compact` (see LazyTrie): its root. */
    private static AhoCorasickNode<List<ScoredTag>> compactTrie(String compact) throws IOException {
        try (FileChannel channel = FileChannel.open(Paths.get(compact))) {
            return new LazyTrie(new Chunks(channel), compact).node(0);
        }
    }

    /** A file read through one small buffer (not all 37 MB at once: the heap would keep that much). */
    private static final class Chunks {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

        Chunks(FileChannel channel) throws IOException {
            this.channel = channel;
            buffer.limit(0);
            need(8);
        }

        /** At least `bytes` unread bytes in the buffer, or an IOException at the end of the file. */
        ByteBuffer need(int bytes) throws IOException {
            if (bytes > buffer.capacity()) {
                throw new IOException("corrupt compact Komoran dictionary: a record of " + bytes + " bytes");
            }
            if (buffer.remaining() < bytes) {
                buffer.compact();
                while (buffer.position() < bytes) {
                    if (channel.read(buffer) < 0) {
                        throw new IOException("truncated compact Komoran dictionary");
                    }
                }
                buffer.flip();
            }
            return buffer;
        }
    }

    /**
     * The trie's data in arrays, its node objects made when a walk first reaches them. Komoran reaches only the
     * prefixes of what it tags, and only through the nodes' getters (AhoCorasickDictionary, FindContext), so
     * loading reads arrays (about a third of the heap the 2.3M node objects took) and tagging makes the few
     * nodes it visits. A node's children, failure node and parent are linked on its first visit, under the
     * trie's lock (a scan may tag from more than one thread).
     */
    private static final class LazyTrie {
        private final char[] keys;
        private final int[] values;
        private final int[] fails;
        private final int[] parents;
        private final int[] firstChild; // the children of node i: childIds[firstChild[i]] .. childIds[firstChild[i + 1] - 1]
        private final int[] childIds;
        private final List<List<ScoredTag>> lists = new ArrayList<>();
        private final LazyNode[] nodes;

        LazyTrie(Chunks chunks, String compact) throws IOException {
            ByteBuffer in = chunks.need(8);
            if (in.getInt() != MAGIC) {
                throw new IOException("not a compact Komoran dictionary: " + compact);
            }
            String[] tags = new String[in.getInt()];
            for (int i = 0; i < tags.length; i++) {
                in = chunks.need(2);
                byte[] utf8 = new byte[in.getShort()];
                in = chunks.need(utf8.length);
                in.get(utf8);
                tags[i] = new String(utf8, StandardCharsets.UTF_8);
            }
            // Nodes with equal scored tags share one list: Komoran only reads them (a user dictionary is an
            // Observation of its own).
            for (int count = chunks.need(4).getInt(); lists.size() < count; ) {
                int values = chunks.need(4).getInt();
                in = chunks.need(values * 14);
                ArrayList<ScoredTag> value = new ArrayList<>(values);
                for (int v = 0; v < values; v++) {
                    String tag = tags[in.getShort()];
                    int tagId = in.getInt();
                    value.add(new ScoredTag(tag, tagId, in.getDouble()));
                }
                lists.add(value);
            }
            int n = chunks.need(4).getInt();
            keys = new char[n];
            values = new int[n];
            fails = new int[n];
            parents = new int[n];
            firstChild = new int[n + 1];
            // Pre-order: the path from the root to the current node, with how many children each still awaits.
            int[] path = new int[64];
            int[] awaited = new int[64];
            int depth = -1;
            for (int i = 0; i < n; i++) {
                in = chunks.need(14);
                keys[i] = in.getChar();
                values[i] = in.getInt();
                int children = in.getInt();
                fails[i] = in.getInt();
                if (values[i] >= lists.size() || fails[i] >= n || children < 0 || (i > 0 && depth < 0)) {
                    throw new IOException("corrupt compact Komoran dictionary at node " + i);
                }
                parents[i] = depth >= 0 ? path[depth] : -1;
                if (depth >= 0) {
                    firstChild[path[depth] + 1]++;
                    awaited[depth]--;
                    while (depth >= 0 && awaited[depth] == 0) {
                        depth--; // that parent has all its children: back up
                    }
                }
                if (children > 0) {
                    depth++;
                    if (depth == path.length) {
                        path = java.util.Arrays.copyOf(path, depth * 2);
                        awaited = java.util.Arrays.copyOf(awaited, depth * 2);
                    }
                    path[depth] = i;
                    awaited[depth] = children;
                }
            }
            if (depth >= 0) {
                throw new IOException("corrupt compact Komoran dictionary: children missing at the end");
            }
            for (int i = 0; i < n; i++) {
                firstChild[i + 1] += firstChild[i];
            }
            childIds = new int[n > 0 ? n - 1 : 0];
            int[] next = java.util.Arrays.copyOf(firstChild, n); // where each node's next child goes
            for (int i = 1; i < n; i++) {
                childIds[next[parents[i]]++] = i; // pre-order keeps the children in Komoran's (key) order
            }
            nodes = new LazyNode[n];
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
            int from = firstChild[id];
            int to = firstChild[id + 1];
            if (to > from) {
                AhoCorasickNode<List<ScoredTag>>[] children = new AhoCorasickNode[to - from];
                for (int k = from; k < to; k++) {
                    children[k - from] = node(childIds[k]);
                }
                node.setChildren(children);
            }
            if (fails[id] >= 0) {
                node.setFailNode(node(fails[id]));
            }
            if (parents[id] >= 0) {
                node.setParent(node(parents[id]));
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
            setKey(trie.keys[id]);
            if (trie.values[id] >= 0) {
                setValue(trie.lists.get(trie.values[id]));
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
