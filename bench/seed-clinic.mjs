// Seeds the clinic with 20 hospitals, 100 doctors, 100 patients and 200 diagnoses through its JSON API.
const base = process.argv[2];
const post = async (entity, body) => {
  const res = await fetch(`${base}/api/v1/${entity}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${entity}: ${res.status} ${await res.text()}`);
  return (await res.json()).ID;
};
const hospitals = [];
for (let i = 0; i < 20; i++)
  hospitals.push(
    await post('hospital', {
      name: `Hospital ${i}`,
      address: `${i} Main St`,
      beds_number: 100 + i,
      phone: `+7-900-${1000 + i}`,
    }),
  );
for (let i = 0; i < 100; i++)
  await post('doctor', { surname: `Doctor${i}`, profession: 'therapist', hospital_ID: hospitals[i % 20] });
const patients = [];
for (let i = 0; i < 100; i++)
  patients.push(
    await post('patient', {
      surname: `Patient${i}`,
      born_date: '1980-05-17',
      sex: i % 2 ? 'M' : 'F',
      mpn: `seed-${i}`,
    }),
  );
for (let i = 0; i < 200; i++)
  await post('diagnosis', { patient_ID: patients[i % 100], type: 'flu', information: 'rest and fluids' });
console.log('seeded');
