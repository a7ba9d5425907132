// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title RealDidRegistry
/// @notice The RealDID ledger on an EVM chain: append-only topic logs, plus Merkle-batched anchors.
/// @dev Every entry is an `Entry` event indexed by the keccak-256 of its topic; the contract keeps
/// a per-topic counter so positions are consecutive (0, 1, 2, ...) in the order the chain accepted
/// them. Entries are content-addressed by the sha-256 of their payload, computed here (the caller
/// cannot lie about it). Appending a payload that the topic already holds is a no-op that does not
/// revert: no event, no storage change. The chain orders and timestamps; it is never trusted for
/// content — readers verify payloads themselves.
///
/// The ledger's limits (largest entry, largest batch, largest batch file, how long a reader waits
/// for a batch file) are fixed at deployment and readable with `limits()`: they are part of the
/// ledger's identity, so every reader applies the same ones and computes the same positions.
///
/// Batches are recorded under a key that binds the root to its submitter, count, file size, file
/// id and topic list, so nobody can occupy another submitter's anchor. A batch's entries live in a
/// file off chain, so a batch is only as available as its submitter keeps it: only **anchor
/// submitters**, accounts the owner trusts with availability (`anchorRights`), may anchor at all.
/// Everyone else writes with the data on chain (`append`, `appendMany`), whose availability the
/// chain guarantees. An anchor submitter with `ANCHOR_TOPICS` names the topics a batch touches
/// (`topicHashes`), so a withheld file of theirs holds up only those topics; one with
/// `ANCHOR_BULK` may also anchor without the list.
///
/// Each `Entry` event carries the previous block holding an entry of its topic (`prevBlock`), so a
/// reader walks only the blocks that hold the topic.
///
/// Access control: when deployed `restricted`, only allow-listed submitters may append or anchor
/// (consortium chains); the owner manages the list. Otherwise anyone may append. Anchoring needs
/// anchor rights in either case (and, when `restricted`, a place on the allow-list too).
contract RealDidRegistry {
    /// @notice One appended entry. `position` is its 0-based place in the topic; `prevBlock` the
    /// last earlier block holding an entry of the topic (0 for none).
    event Entry(
        bytes32 indexed topicHash,
        uint64 indexed position,
        bytes32 indexed contentHash,
        uint64 prevBlock,
        string topic,
        bytes payload
    );

    /// @notice One Merkle-batched anchor: `count` entries under `root`, the batch file of `size`
    /// bytes at `uri`, touching the topics `topicHashes` (empty: any topic, `ANCHOR_BULK` only).
    event Batch(
        bytes32 indexed root,
        uint64 indexed batchNumber,
        address indexed submitter,
        bytes32 key,
        uint64 count,
        uint64 size,
        string uri,
        bytes32[] topicHashes
    );

    /// @notice A submitter was added to (`allowed`) or removed from the allow-list.
    event SubmitterSet(address indexed submitter, bool allowed);

    /// @notice An account's anchor rights changed to `rights` (`ANCHOR_NONE`, `ANCHOR_TOPICS` or
    /// `ANCHOR_BULK`).
    event AnchorSubmitterSet(address indexed submitter, uint8 rights);

    /// @notice The owner changed.
    event OwnerChanged(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address caller);
    error SubmitterNotAllowed(address submitter);
    error TopicInvalid(uint256 length);
    error EntryInvalid(uint256 length);
    error LengthMismatch(uint256 topics, uint256 payloads);
    error BatchInvalid();
    error TopicsRequired(address submitter);
    error AnchorNotAllowed(address submitter);
    error AnchorRightsInvalid(uint8 rights);
    error LimitsInvalid();
    error ZeroAddress();

    struct TopicState {
        uint64 count;
        uint64 firstBlock;
        uint64 lastBlock;
        uint64 prevBlock;
    }

    struct Totals {
        uint64 entries;
        uint64 topics;
        uint64 batches;
    }

    /// @notice No anchor rights: the account writes with its data on chain only.
    uint8 public constant ANCHOR_NONE = 0;
    /// @notice May anchor batches that name their topics.
    uint8 public constant ANCHOR_TOPICS = 1;
    /// @notice May anchor batches with or without a topic list.
    uint8 public constant ANCHOR_BULK = 2;

    /// @notice Whether only allow-listed submitters may write.
    bool public immutable restricted;
    /// @notice The block this contract was deployed in: readers start scanning there.
    uint64 public immutable deployedAt;
    /// @notice Largest payload of one entry, direct or batched (every entry holds at least one byte).
    uint32 public immutable maxEntryBytes;
    /// @notice Most entries in one batch.
    uint32 public immutable maxBatchEntries;
    /// @notice Largest batch file.
    uint64 public immutable maxBatchFileBytes;
    /// @notice How long a reader waits for a batch file per attempt, in ms (published for readers).
    uint32 public immutable fetchTimeoutMs;

    /// @notice Manages the allow-list.
    address public owner;
    /// @notice Counts of entries, topics and batches.
    Totals public totals;
    /// @notice Allow-listed submitters (only consulted when `restricted`).
    mapping(address => bool) public allowed;
    /// @notice Per account, what it may anchor: accounts trusted to keep their batch files
    /// available. `ANCHOR_NONE` (everyone, by default), `ANCHOR_TOPICS` or `ANCHOR_BULK`.
    mapping(address => uint8) public anchorRights;
    /// @notice Per topic hash: entry count, block of the first and of the last entry, and the block
    /// before the last one that held the topic.
    mapping(bytes32 => TopicState) public topics;
    /// @dev (topicHash, contentHash) => (position + 1) | (block << 64); 0 = absent.
    mapping(bytes32 => mapping(bytes32 => uint256)) private _entries;
    /// @dev batch key => (batchNumber + 1) | (block << 64); 0 = never anchored.
    mapping(bytes32 => uint256) private _batches;

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlySubmitter() {
        if (restricted && !allowed[msg.sender]) revert SubmitterNotAllowed(msg.sender);
        _;
    }

    /// @param restricted_ true to accept submissions only from allow-listed addresses
    /// @param allowList the initial allow-list (the deployer is not added implicitly)
    /// @param anchorList accounts that may anchor batches that name their topics (`ANCHOR_TOPICS`)
    /// @param bulkList accounts that may anchor batches with or without a topic list (`ANCHOR_BULK`;
    /// applied after `anchorList`)
    /// @param maxEntryBytes_ largest payload of one entry
    /// @param maxBatchEntries_ most entries in one batch
    /// @param maxBatchFileBytes_ largest batch file
    /// @param fetchTimeoutMs_ how long a reader waits for a batch file per attempt
    constructor(
        bool restricted_,
        address[] memory allowList,
        address[] memory anchorList,
        address[] memory bulkList,
        uint32 maxEntryBytes_,
        uint32 maxBatchEntries_,
        uint64 maxBatchFileBytes_,
        uint32 fetchTimeoutMs_
    ) {
        if (maxEntryBytes_ == 0 || maxBatchEntries_ == 0 || maxBatchFileBytes_ < 16 || fetchTimeoutMs_ == 0) {
            revert LimitsInvalid();
        }
        restricted = restricted_;
        deployedAt = uint64(block.number);
        maxEntryBytes = maxEntryBytes_;
        maxBatchEntries = maxBatchEntries_;
        maxBatchFileBytes = maxBatchFileBytes_;
        fetchTimeoutMs = fetchTimeoutMs_;
        owner = msg.sender;
        emit OwnerChanged(address(0), msg.sender);
        for (uint256 i = 0; i < allowList.length; ++i) {
            allowed[allowList[i]] = true;
            emit SubmitterSet(allowList[i], true);
        }
        for (uint256 i = 0; i < anchorList.length; ++i) {
            _setAnchorRights(anchorList[i], ANCHOR_TOPICS);
        }
        for (uint256 i = 0; i < bulkList.length; ++i) {
            _setAnchorRights(bulkList[i], ANCHOR_BULK);
        }
    }

    /// @notice The ledger's limits, fixed at deployment.
    function limits()
        external
        view
        returns (uint32 entryBytes, uint32 batchEntries, uint64 batchFileBytes, uint32 fetchMs)
    {
        return (maxEntryBytes, maxBatchEntries, maxBatchFileBytes, fetchTimeoutMs);
    }

    /// @notice Appends one entry; a payload the topic already holds is a no-op.
    /// @return position the entry's position (the existing one for a duplicate)
    /// @return added false when the topic already held the payload
    function append(string calldata topic, bytes calldata payload)
        external
        onlySubmitter
        returns (uint64 position, bool added)
    {
        Totals memory t = totals;
        (position, added) = _append(topic, payload, t);
        if (added) totals = t;
    }

    /// @notice Appends several entries (possibly to different topics) in one transaction.
    function appendMany(string[] calldata topicList, bytes[] calldata payloads) external onlySubmitter {
        if (topicList.length != payloads.length) revert LengthMismatch(topicList.length, payloads.length);
        Totals memory t = totals;
        uint64 before = t.entries;
        for (uint256 i = 0; i < topicList.length; ++i) {
            _append(topicList[i], payloads[i], t);
        }
        if (t.entries != before) totals = t;
    }

    /// @notice The key a batch is recorded under.
    function batchKey(
        bytes32 root,
        address submitter,
        uint64 count,
        uint64 size,
        string calldata uri,
        bytes32[] calldata topicHashes
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(root, submitter, count, size, keccak256(bytes(uri)), keccak256(abi.encodePacked(topicHashes))));
    }

    /// @notice Anchors a Merkle root over `count` entries whose batch file of `size` bytes is at
    /// `uri` and touches the topics `topicHashes` (empty only for `ANCHOR_BULK`). Only anchor
    /// submitters may anchor (`AnchorNotAllowed` otherwise). Anchoring the same batch again from
    /// the same submitter is a no-op.
    /// @return batchNumber the batch's number (the existing one for a duplicate)
    /// @return added false when this submitter had already anchored this batch
    function anchorBatch(
        bytes32 root,
        uint64 count,
        uint64 size,
        string calldata uri,
        bytes32[] calldata topicHashes
    ) external onlySubmitter returns (uint64 batchNumber, bool added) {
        _checkBatch(root, count, size, bytes(uri).length, topicHashes.length);
        bytes32 key = batchKey(root, msg.sender, count, size, uri, topicHashes);
        (batchNumber, added) = _recordBatch(key);
        if (added) emit Batch(root, batchNumber, msg.sender, key, count, size, uri, topicHashes);
    }

    /// @notice Where an entry is, if the topic holds it.
    function entryOf(bytes32 topicHash, bytes32 contentHash)
        external
        view
        returns (bool exists, uint64 position, uint64 blockNumber)
    {
        uint256 v = _entries[topicHash][contentHash];
        if (v == 0) return (false, 0, 0);
        return (true, uint64(v) - 1, uint64(v >> 64));
    }

    /// @notice Where a batch was anchored, by its key (see `batchKey`), if it was.
    function batchOf(bytes32 key) external view returns (bool exists, uint64 batchNumber, uint64 blockNumber) {
        uint256 v = _batches[key];
        if (v == 0) return (false, 0, 0);
        return (true, uint64(v) - 1, uint64(v >> 64));
    }

    /// @notice Adds a submitter to, or removes one from, the allow-list.
    function setSubmitter(address submitter, bool isAllowed) external onlyOwner {
        if (submitter == address(0)) revert ZeroAddress();
        allowed[submitter] = isAllowed;
        emit SubmitterSet(submitter, isAllowed);
    }

    /// @notice Sets what an account may anchor: `ANCHOR_NONE` (it may no longer anchor),
    /// `ANCHOR_TOPICS` or `ANCHOR_BULK`.
    function setAnchorSubmitter(address submitter, uint8 rights) external onlyOwner {
        _setAnchorRights(submitter, rights);
    }

    /// @notice Hands the allow-list over to a new owner.
    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnerChanged(owner, newOwner);
        owner = newOwner;
    }

    function _setAnchorRights(address submitter, uint8 rights) private {
        if (submitter == address(0)) revert ZeroAddress();
        if (rights > ANCHOR_BULK) revert AnchorRightsInvalid(rights);
        anchorRights[submitter] = rights;
        emit AnchorSubmitterSet(submitter, rights);
    }

    function _checkBatch(bytes32 root, uint64 count, uint64 size, uint256 uriLength, uint256 topicCount)
        private
        view
    {
        uint8 rights = anchorRights[msg.sender];
        if (rights == ANCHOR_NONE) revert AnchorNotAllowed(msg.sender);
        if (
            root == bytes32(0) || count == 0 || count > maxBatchEntries || size == 0
                || size > maxBatchFileBytes || uriLength == 0 || uriLength > 128 || topicCount > count
        ) revert BatchInvalid();
        if (topicCount == 0 && rights != ANCHOR_BULK) revert TopicsRequired(msg.sender);
    }

    function _recordBatch(bytes32 key) private returns (uint64 batchNumber, bool added) {
        uint256 seen = _batches[key];
        if (seen != 0) return (uint64(seen) - 1, false);
        Totals memory t = totals;
        batchNumber = t.batches;
        t.batches = batchNumber + 1;
        totals = t;
        _batches[key] = uint256(batchNumber + 1) | (uint256(block.number) << 64);
        return (batchNumber, true);
    }

    function _append(string calldata topic, bytes calldata payload, Totals memory t)
        private
        returns (uint64 position, bool added)
    {
        if (bytes(topic).length == 0 || bytes(topic).length > 200) revert TopicInvalid(bytes(topic).length);
        if (payload.length == 0 || payload.length > maxEntryBytes) revert EntryInvalid(payload.length);
        bytes32 topicHash = keccak256(bytes(topic));
        bytes32 contentHash = sha256(payload);
        uint64 prevBlock;
        (position, added, prevBlock) = _record(topicHash, contentHash, t);
        if (added) emit Entry(topicHash, position, contentHash, prevBlock, topic, payload);
    }

    function _record(bytes32 topicHash, bytes32 contentHash, Totals memory t)
        private
        returns (uint64 position, bool added, uint64 prevBlock)
    {
        uint256 seen = _entries[topicHash][contentHash];
        if (seen != 0) return (uint64(seen) - 1, false, 0);
        TopicState memory s = topics[topicHash];
        position = s.count;
        uint64 blk = uint64(block.number);
        if (position == 0) {
            s.firstBlock = blk;
            t.topics += 1;
        } else if (s.lastBlock != blk) {
            s.prevBlock = s.lastBlock;
        }
        prevBlock = s.prevBlock;
        s.count = position + 1;
        s.lastBlock = blk;
        topics[topicHash] = s;
        t.entries += 1;
        _entries[topicHash][contentHash] = uint256(position + 1) | (uint256(blk) << 64);
        return (position, true, prevBlock);
    }
}
