// https://www.w3.org/ns/credentials/undefined-terms/v2
// source: w3c/vc-data-model contexts/credentials/undefined-terms/v2 @ 979c4af1cfe2224ed7b0ee5ec4d7a009a465812b
// sha-256 of this text: 12ce438d3d024c76ef23fddb6d577f50f0a5b98411336be766adf81619aa4746
export default '{\n  "@context": {\n    "@vocab": "https://www.w3.org/ns/credentials/undefined-term#"\n  }\n}';
