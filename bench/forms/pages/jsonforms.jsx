import { createRoot } from 'react-dom/client';
import { useState } from 'react';
import { JsonForms } from '@jsonforms/react';
import { vanillaCells, vanillaRenderers } from '@jsonforms/vanilla-renderers';
import translated from '../../.out/forms/jsonforms.json';
import fixture from '../../.out/forms/fixture.json';
import { measure } from './harness.js';

const scopeId = (path) => '#/' + path.map((p) => `properties/${p}`).join('/');
// Vanilla controls are wrapped in a div whose id is the control's scope; the input is inside.
const findField = (path) => document.getElementById(`${scopeId(path)}-input`) ?? document.getElementById(scopeId(path))?.querySelector('input,textarea,select') ?? null;
const isInvalid = (el) => el.classList.contains('invalid');

function App() {
	const [data, setData] = useState(fixture.data);
	return (
		<JsonForms
			schema={translated.schema}
			uischema={translated.uischema}
			data={data}
			renderers={vanillaRenderers}
			cells={vanillaCells}
			validationMode="ValidateAndShow"
			onChange={({ data }) => setData(data)}
		/>
	);
}

const tMount = performance.now();
createRoot(document.getElementById('app')).render(<App />);
measure({ findField, isInvalid, sentinel: fixture.sentinel.path, tMount });
